import { GroupCommit, GroupOutcome } from './group-commit';

/** A writer that records its groups and finishes each only when the test says so. */
function heldWriter() {
  const groups: number[][] = [];
  const finish: Array<() => void> = [];
  const write = (commands: number[]) =>
    new Promise<GroupOutcome<string>[]>((resolve) => {
      groups.push(commands);
      finish.push(() =>
        resolve(commands.map((c) => (c < 0 ? { ok: false, error: new Error(`refused ${c}`) } : { ok: true, value: `done ${c}` }))),
      );
    });
  return { groups, finish, write };
}

const settled = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('given a free writer, when one command comes, then it is written at once, alone', async () => {
    const w = heldWriter();
    const commit = new GroupCommit(w.write, { maxGroup: 50, writers: 1 });
    const answer = commit.submit(1);
    expect(w.groups).toEqual([[1]]);
    w.finish[0]();
    await expect(answer).resolves.toBe('done 1');
  });

  it('given a busy writer, when commands come, then they wait and are written together, in arrival order', async () => {
    const w = heldWriter();
    const sizes: number[] = [];
    const commit = new GroupCommit(w.write, { maxGroup: 50, writers: 1, onGroup: (n) => sizes.push(n) });
    const answers = [1, 2, 3, 4].map((c) => settled(commit.submit(c)));
    expect(w.groups).toEqual([[1]]);
    w.finish[0]();
    await tick();
    expect(w.groups).toEqual([[1], [2, 3, 4]]);
    w.finish[1]();
    expect(await Promise.all(answers)).toEqual(['done 1', 'done 2', 'done 3', 'done 4'].map((value) => ({ value })));
    expect(sizes).toEqual([1, 3]);
  });

  it('given more waiting than a group holds, then they go in groups of at most maxGroup', async () => {
    const w = heldWriter();
    const commit = new GroupCommit(w.write, { maxGroup: 3, writers: 1 });
    const answers = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => commit.submit(c));
    for (let i = 0; i < 4; i++) {
      w.finish[i]?.();
      await tick();
    }
    await Promise.all(answers);
    expect(w.groups).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('given two writers, then two groups are written at the same time and no command is written twice', async () => {
    const w = heldWriter();
    const commit = new GroupCommit(w.write, { maxGroup: 50, writers: 2 });
    const answers = [1, 2, 3, 4, 5].map((c) => commit.submit(c));
    expect(w.groups).toEqual([[1], [2]]);
    w.finish[1]();
    await tick();
    expect(w.groups).toEqual([[1], [2], [3, 4, 5]]);
    w.finish[0]();
    w.finish[2]();
    expect(await Promise.all(answers)).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
  });

  it('gives each command its own outcome: a refused one fails alone', async () => {
    const w = heldWriter();
    const commit = new GroupCommit(w.write, { maxGroup: 50, writers: 1 });
    const answers = [1, -2, 3].map((c) => settled(commit.submit(c)));
    w.finish[0]();
    await tick();
    w.finish[1]();
    expect(await Promise.all(answers)).toEqual([{ value: 'done 1' }, { error: 'refused -2' }, { value: 'done 3' }]);
  });

  it('when the writer fails, every command of that group gets its error, and later groups are still written', async () => {
    let calls = 0;
    const commit = new GroupCommit<number, number>(
      async (commands) => {
        calls++;
        if (calls === 2) throw new Error('connection lost');
        if (calls === 3) return []; // a writer that forgets outcomes is an error too, not a hang
        return commands.map((value) => ({ ok: true, value }));
      },
      { maxGroup: 2, writers: 1 },
    );
    const answers = [1, 2, 3, 4, 5, 6].map((c) => settled(commit.submit(c)));
    expect(await Promise.all(answers)).toEqual([
      { value: 1 },
      { error: 'connection lost' },
      { error: 'connection lost' },
      { error: 'group writer gave 0 outcomes for 2 commands' },
      { error: 'group writer gave 0 outcomes for 2 commands' },
      { value: 6 },
    ]);
  });
});
