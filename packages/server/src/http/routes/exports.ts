/**
 * Analysis-ready downloads for the trainer. The tables come from the engine (`sessionTables`,
 * which keeps anonymous answers anonymous); here they become CSV, XLSX, or the raw log as JSON.
 * `?pseudonymise=1` replaces names by stable codes, for sharing with researchers.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sessionTables, toCsv, type CaseFile, type SessionEvent, type SessionState, type Step, type Table } from '@samenspel/engine';
import { loadEvents } from '../../storage/event-store.js';
import { audit } from '../../privacy/audit.js';
import { assertTrainer, callerFor } from '../callers.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith } from '../errors.js';

export const TABLE_NAMES = ['participants', 'roles_per_round', 'choices', 'predictions', 'reflections', 'events'] as const;

function stepsOf(c: CaseFile): Map<string, Step> {
  return new Map(c.scenes.flatMap((s) => s.steps.map((st) => [st.id, st] as const)));
}

/**
 * The raw log, except that who gave an anonymous answer is left out: anonymous means "not even
 * the trainer", and a download must not undo what the participant's screen promised.
 */
export function rawLog(s: SessionState, events: readonly SessionEvent[]) {
  const steps = stepsOf(s.caseFile!);
  const anonymousKeys = new Set(s.steps.filter((r) => steps.get(r.stepId)?.identity === 'anonymous').map((r) => r.key));
  return events.map((e, i) => {
    if (e.type === 'answer-given' && anonymousKeys.has(e.stepKey) && !(e.answer.kind === 'text' && e.answer.named)) return { seq: i + 1, ...e, participantId: null };
    return { seq: i + 1, ...e };
  });
}

export async function tablesXlsx(tables: Table[]): Promise<Buffer> {
  // Loaded on the first download, not at every start: exceljs is large and most starts never export.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Samenspel';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name.slice(0, 31));
    ws.addRow(t.columns).font = { bold: true };
    // Cells are written as values, never as formulas, so a name like "=1+1" stays text.
    for (const r of t.rows) ws.addRow(r.map((c) => (c === null ? '' : c)));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const fileSchema = z.object({
  id: z.string().min(1).max(64),
  file: z.enum(['tables.xlsx', 'log.json', ...TABLE_NAMES.map((t) => `${t}.csv`)]),
});

export function registerExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/sessions/:id/export/:file', async (req, reply) => {
    const { id, file } = parseWith(fileSchema, req.params);
    const { pseudonymise } = parseWith(z.object({ pseudonymise: z.enum(['0', '1']).optional() }), req.query ?? {});
    const { caller, session } = await callerFor(ctx, req, id);
    assertTrainer(caller);
    const s = await ctx.runtime.state(id);
    if (!s?.caseFile) throw new ApiError(404, 'unknown-session');
    const events = await loadEvents(ctx.db, id);
    await audit(ctx.db, { organisationId: session.organisation_id, userId: caller.user.id, action: 'session.export', subjectType: 'session', subjectId: id, at: ctx.runtime.now() });
    const base = `samenspel-${s.caseFile.id}-${id}`;
    reply.header('cache-control', 'no-store');
    if (file === 'log.json') {
      return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${base}-log.json"`).send(JSON.stringify(rawLog(s, events), null, 1));
    }
    const tables = sessionTables(s, events, { pseudonymise: pseudonymise === '1' });
    if (file === 'tables.xlsx') {
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${base}.xlsx"`)
        .send(await tablesXlsx(tables));
    }
    const table = tables.find((t) => `${t.name}.csv` === file);
    if (!table) throw new ApiError(404, 'not-found');
    // The BOM makes Excel read the file as UTF-8 (names with diacritics).
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${base}-${file}"`).send('\uFEFF' + toCsv(table));
  });
}
