import { execFileSync } from 'child_process';
import { resolve } from 'path';

// The dependency rules of eslint.config.mjs, checked with deliberately bad imports: each must be
// refused, and the same file with a good import must pass.

const root = resolve(__dirname, '../../..');

function lint(filePath: string, code: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync('npx', ['eslint', '--no-warn-ignored', '--stdin', '--stdin-filename', filePath], {
      cwd: root,
      input: code,
      encoding: 'utf8',
    });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; status?: number };
    if (err.status !== 1) throw e;
    return { ok: false, output: err.stdout ?? '' };
  }
}

describe('dependency rules', () => {
  it('keeps libs/rules pure: no framework, no other library', () => {
    const bad = lint('libs/rules/src/x/bad.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n");
    expect(bad).toMatchObject({ ok: false, output: expect.stringContaining('libs/rules is pure') });
    expect(lint('libs/rules/src/x/bad.ts', "import { addDays } from '../calendar/calendar-date';\nexport const x = addDays;\n").ok).toBe(
      true,
    );
  });

  it('keeps contracts from taking their shapes from the rules', () => {
    const bad = lint(
      'libs/contracts/src/events/bad.v1.ts',
      "import { CONDITION_KINDS } from '@vf/rules';\nexport const x = CONDITION_KINDS;\n",
    );
    expect(bad).toMatchObject({ ok: false, output: expect.stringContaining('libs/contracts must not import libs/rules') });
  });

  it('keeps libraries from importing an app', () => {
    const bad = lint(
      'libs/messaging/src/bad.ts',
      "import { AppModule } from '../../../apps/payout/src/app.module';\nexport const x = AppModule;\n",
    );
    expect(bad).toMatchObject({ ok: false, output: expect.stringContaining('A library must not import an app') });
  });

  it('keeps an app from importing another app', () => {
    const bad = lint(
      'apps/payout/src/bad.ts',
      "import { conditionView } from '../../follow-up/src/conditions/condition.view';\nexport const x = conditionView;\n",
    );
    expect(bad).toMatchObject({ ok: false, output: expect.stringContaining('apps/payout must not import apps/follow-up') });
    expect(lint('apps/payout/src/bad.ts', "import { TOPICS } from '@vf/contracts';\nexport const x = TOPICS;\n").ok).toBe(true);
  });
});
