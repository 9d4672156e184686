/**
 * The live channel of `plateau view` (server-sent events, one stream per page): `catalog` (the run list, whenever it
 * changes), `curves` (the charts of the runs the page follows, with every row so far: on connect, when a panel
 * appears, or when a resumed run rewrote its metrics) and `rows` (only the rows of new metrics lines, per panel).
 */
import { ServerResponse } from 'http';
import { Catalog } from './catalog';
import { curvePanels, curveRows, Scale } from './curves';

const HEARTBEAT_MS = 15_000;

export class Subscriber {
  private catalogVersion = -1;
  private panels = new Set<string>();
  private cursors = new Map<string, { generation: number; count: number }>();
  private lastWrite = Date.now();

  constructor(
    private readonly res: ServerResponse,
    readonly runs: readonly string[],
    readonly scale: Scale,
  ) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
  }

  private send(event: string, data: unknown): void {
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    this.lastWrite = Date.now();
  }

  /** Sends what changed in `catalog` since the last call (everything on the first). */
  update(catalog: Catalog): void {
    if (catalog.version !== this.catalogVersion) {
      this.catalogVersion = catalog.version;
      this.send('catalog', catalog.snapshot);
    }
    const runs = this.runs.filter((id) => catalog.tail(id));
    const labels = catalog.labels(runs);
    const stale = runs.some((id) => this.cursors.get(id)?.generation !== catalog.tail(id)!.generation);
    if (stale) return this.sendCurves(catalog, runs, labels);
    const rows: Record<string, unknown[]> = {};
    for (const id of runs) {
      const tail = catalog.tail(id)!,
        cursor = this.cursors.get(id)!;
      if (tail.records.length === cursor.count) continue;
      for (const [panel, rs] of curveRows(tail.records.slice(cursor.count), runs.length > 1 ? labels.get(id)! : null)) {
        if (!this.panels.has(panel)) return this.sendCurves(catalog, runs, labels);
        (rows[panel] ??= []).push(...rs);
      }
      cursor.count = tail.records.length;
    }
    if (Object.keys(rows).length) this.send('rows', rows);
    else if (Date.now() - this.lastWrite > HEARTBEAT_MS) {
      this.res.write(': keep-alive\n\n');
      this.lastWrite = Date.now();
    }
  }

  private sendCurves(catalog: Catalog, runs: string[], labels: Map<string, string>): void {
    const { panels } = curvePanels(
      runs.map((id) => ({ label: labels.get(id)!, records: catalog.tail(id)!.records })),
      this.scale,
    );
    this.panels = new Set(panels.map((p) => p.id));
    for (const id of runs)
      this.cursors.set(id, { generation: catalog.tail(id)!.generation, count: catalog.tail(id)!.records.length });
    this.send('curves', { runs, scale: this.scale, panels });
  }
}
