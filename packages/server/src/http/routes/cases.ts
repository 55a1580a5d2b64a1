import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GOVERNMENT_ROLES, SETTINGS, THEMES } from '@samenspel/engine';
import { caseDetail, caseSummary, filterCases } from '../../cases/library.js';
import { requirePermission } from '../callers.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith } from '../errors.js';

const filterSchema = z.object({
  setting: z.enum(SETTINGS).optional(),
  theme: z.enum(THEMES).optional(),
  governmentRole: z.enum(GOVERNMENT_ROLES).optional(),
  groupSize: z.coerce.number().int().min(1).max(500).optional(),
});

export function registerCaseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/cases', async (req) => {
    await requirePermission(ctx, req, 'cases.read');
    const f = parseWith(filterSchema, req.query ?? {});
    return { cases: filterCases(ctx.cases.all(), f).map(caseSummary), filters: { settings: SETTINGS, themes: THEMES, governmentRoles: GOVERNMENT_ROLES } };
  });

  app.get('/api/cases/:id', async (req) => {
    await requirePermission(ctx, req, 'cases.read');
    const { id } = parseWith(z.object({ id: z.string().min(1).max(120) }), req.params);
    const c = ctx.cases.get(id);
    if (!c) throw new ApiError(404, 'unknown-case', { caseId: id });
    return { case: caseDetail(c) };
  });
}
