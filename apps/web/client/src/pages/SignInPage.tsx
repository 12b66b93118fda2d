import { FormEvent, useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, BodyLong, Box, Button, Heading, Select, TextField, VStack } from '@navikt/ds-react';
import { isValidActorIdent } from '@vf/rules';
import { ApiError, auth } from '../api';
import { landingFor } from '../components/AppShell';
import { useSession } from '../session';
import { ROLE_LABELS } from '../texts';

/**
 * Sign-in. In production: "Logg inn" with the organisation's identity provider (OpenID Connect).
 * In development, and only where the dev key is configured: "Hvem er du?" picks ident, role and office.
 */
export function SignInPage() {
  const [methods, setMethods] = useState<{ dev: boolean; oidc: boolean } | null>(null);
  const [params] = useSearchParams();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  useEffect(() => {
    document.title = 'Logg inn – Vilkårsflyt';
  }, []);
  const [ident, setIdent] = useState('Z990001');
  const [role, setRole] = useState('veileder');
  const [office, setOffice] = useState('0301');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(params.get('feil') ? 'Innloggingen mislyktes. Prøv igjen.' : null);

  useEffect(() => {
    auth.methods().then(setMethods, () => setFailure('Fikk ikke kontakt med Vilkårsflyt.'));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!isValidActorIdent(ident)) found.ident = 'Nav-ident er én stor bokstav og seks sifre, f.eks. Z990001.';
    if (role !== 'payment-team' && !/^\d{4}$/.test(office)) found.offices = 'Enhetsnummeret er fire sifre, f.eks. 0301.';
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      const user = await auth.devLogin({ ident, role, offices: /^\d{4}$/.test(office) ? [office] : ['0000'] });
      await refresh();
      // Back to the page the user was on when the session ran out, if there was one.
      navigate(from && from !== '/' ? from : landingFor(user.roles));
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(Object.fromEntries(err.errors.map((x) => [x.field.replace(/\[\d+\]$/, ''), x.reason])));
        setFailure(err.message);
      }
    }
  };

  return (
    <Box maxWidth="32rem" marginInline="auto" paddingBlock="space-48">
      <VStack gap="space-24">
        <Heading level="1" size="large">
          Logg inn i Vilkårsflyt
        </Heading>
        {failure && <Alert variant="error">{failure}</Alert>}
        {methods?.oidc && (
          <Button as="a" href="/auth/login">
            Logg inn med Nav-brukeren din
          </Button>
        )}
        {methods?.dev && (
          <form onSubmit={submit} aria-labelledby="hvem-er-du">
            <VStack gap="space-16">
              <Heading level="2" size="medium" id="hvem-er-du">
                Hvem er du?
              </Heading>
              <BodyLong size="small">
                Bare for utvikling og test: velg hvem du vil være. I produksjon logger du inn med Nav-brukeren din.
              </BodyLong>
              <TextField
                label="Nav-ident"
                value={ident}
                onChange={(e) => setIdent(e.target.value.trim())}
                error={errors.ident}
                autoComplete="off"
              />
              <Select label="Rolle" value={role} onChange={(e) => setRole(e.target.value)} error={errors.role}>
                {Object.entries(ROLE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
              <TextField
                label="Nav-kontor (enhetsnummer)"
                description="Fellestjenesten arbeider for alle kontorer."
                value={office}
                onChange={(e) => setOffice(e.target.value.trim())}
                error={errors.offices}
                inputMode="numeric"
              />
              <Button type="submit">Logg inn</Button>
            </VStack>
          </form>
        )}
      </VStack>
    </Box>
  );
}
