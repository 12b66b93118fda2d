/** What became of one command written in a group: its own result, or its own error. */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Writes a group of commands, in the order given, and says what became of each (one outcome per command, same order). */
export type GroupWriter<C, R> = (commands: C[]) => Promise<GroupOutcome<R>[]>;

export interface GroupCommitOptions {
  /** Most commands in one group. */
  maxGroup: number;
  /** Groups written at the same time (each its own transaction). */
  writers: number;
  /** Told each group's size as it is taken (a metric). */
  onGroup?: (size: number) => void;
}

/**
 * Group commit: commands that arrive while earlier ones are being written wait, and are then written
 * together, in arrival order, by one call of the writer (one transaction). A command that arrives when
 * a writer is free is written at once, alone: nothing is held back to wait for company, so a quiet
 * system answers as fast as before, and a busy one makes fewer, larger transactions.
 *
 * Each caller gets its own command's outcome. If the writer itself fails (rather than saying a command
 * failed), every command of that group gets that error; a writer that wants one failure to stay one
 * request's failure writes the group again one by one (as RegisterEvidenceHandler does).
 */
export class GroupCommit<C, R> {
  private readonly waiting: Array<{ command: C; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private busy = 0;

  constructor(
    private readonly write: GroupWriter<C, R>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(command: C): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ command, resolve, reject });
      if (this.busy < this.options.writers) void this.drain();
    });
  }

  /** One writer: takes groups while commands wait. */
  private async drain(): Promise<void> {
    this.busy++;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.options.maxGroup);
        this.options.onGroup?.(group.length);
        let outcomes: GroupOutcome<R>[];
        try {
          outcomes = await this.write(group.map((g) => g.command));
          if (outcomes.length !== group.length)
            throw new Error(`group writer gave ${outcomes.length} outcomes for ${group.length} commands`);
        } catch (error) {
          outcomes = group.map(() => ({ ok: false, error }));
        }
        group.forEach((g, i) => {
          const outcome = outcomes[i];
          if (outcome.ok) g.resolve(outcome.value);
          else g.reject(outcome.error);
        });
      }
    } finally {
      this.busy--;
    }
  }
}
