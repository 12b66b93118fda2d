import { Alert, BodyShort, Heading, List } from '@navikt/ds-react';
import { WhatIfAnswer, whatIfLines } from '../what-if-text';

/**
 * "Hva skjer hvis": the answer of a dry run, before the user confirms. Read out when it arrives
 * (the Alert is a live region), and nothing has been registered.
 */
export function WhatIfPanel({ answer, heading, headingLevel = '4' }: { answer: WhatIfAnswer; heading: string; headingLevel?: '3' | '4' }) {
  const lines = whatIfLines(answer);
  return (
    <Alert variant="info" size="small" role="status" data-what-if>
      <Heading size="xsmall" level={headingLevel} spacing>
        {heading}
      </Heading>
      <List as="ul" size="small">
        {lines.map((l) => (
          <List.Item key={l}>{l}</List.Item>
        ))}
      </List>
      <BodyShort size="small">Ingenting er registrert ennå.</BodyShort>
    </Alert>
  );
}
