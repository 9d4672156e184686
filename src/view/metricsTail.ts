/**
 * Follows a growing metrics.jsonl (one JSON object per line, appended by the trainer) without rereading it: each poll
 * reads from the byte offset where the last one stopped up to the last newline (a line without its newline is read
 * at a later poll: the trainer may be halfway through writing it), and starts over when the file shrank or was replaced (a resumed run
 * rewrites it without the steps it will redo). Read-only: the file is opened for reading only.
 */
import * as fs from 'fs';

export interface TailPoll<T> {
  /** Records that appeared since the last poll (all of them after a reset). */
  added: T[];
  /** True when the file was truncated or replaced: the records read before are void. */
  reset: boolean;
}

export class MetricsTail<T = Record<string, unknown>> {
  private offset = 0;
  private ino = -1;
  /** Every record read so far, in file order. */
  readonly records: T[] = [];
  /** Bumped at every reset, so a reader can tell its cursor into `records` is void. */
  generation = 0;

  constructor(readonly file: string) {}

  poll(): TailPoll<T> {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      return this.offset > 0 || this.records.length ? this.restart(true) : { added: [], reset: false };
    }
    let reset = false;
    if (st.ino !== this.ino || st.size < this.offset) {
      reset = this.offset > 0 || this.records.length > 0;
      this.clear();
      this.ino = st.ino;
    }
    if (st.size === this.offset) return { added: [], reset };
    const fd = fs.openSync(this.file, 'r');
    let text: string;
    try {
      const buf = Buffer.alloc(st.size - this.offset);
      const n = fs.readSync(fd, buf, 0, buf.length, this.offset);
      // cut at the last newline, so a multi-byte character or a line being written is read whole next time
      const end = buf.lastIndexOf(0x0a, n - 1) + 1;
      text = buf.subarray(0, end).toString('utf8');
      this.offset += end;
    } finally {
      fs.closeSync(fd);
    }
    const added: T[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        added.push(JSON.parse(line) as T);
      } catch {
        /* a line that is not JSON (a torn line the trainer will drop on resume): skipped */
      }
    }
    this.records.push(...added);
    return { added: reset ? [...this.records] : added, reset };
  }

  private clear(): void {
    this.offset = 0;
    this.records.length = 0;
    this.generation++;
  }

  private restart(reset: boolean): TailPoll<T> {
    this.clear();
    this.ino = -1;
    return { added: [], reset };
  }
}
