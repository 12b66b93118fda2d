import { AddressInfo, Server, Socket, connect, createServer } from 'net';

/**
 * A TCP proxy in front of a service that delivers every request and loses every answer: the service
 * does the work and answers, the client never hears it and times out. The lost-answer half of a
 * retry test, on real sockets.
 */
export class AnswerLosingProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private waiting: Array<() => void> = [];
  /** Answers the service sent that the client did not get. */
  answersLost = 0;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    const { hostname, port } = new URL(this.target);
    this.server = createServer((client) => {
      const upstream = connect(Number(port), hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream);
      let answered = false;
      upstream.on('data', () => {
        if (answered) return;
        answered = true;
        this.answersLost += 1;
        for (const w of this.waiting.splice(0)) w();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Resolves when the service has answered (into the void) `count` requests in all. */
  async lost(count: number): Promise<void> {
    while (this.answersLost < count) await new Promise<void>((r) => this.waiting.push(r));
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
