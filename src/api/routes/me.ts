import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db';
import { z } from 'zod';
import { ROLES } from '../../../workflows/shared/domain';
import { principalOf } from '../auth';
import { endpoint, serve } from '../endpoint';
import { partyCode } from '../schemas';

/** Who the token names: the field app signs a person in with it and shows only what their role may do. */

const meView = z.object({
  principal: z.string(),
  role: z.enum(ROLES),
  party: partyCode.optional().meta({ description: 'Absent for the intermediary’s roles' }),
});
// Any live token, OPERATOR's too: it tells only who the token names, no party's data.
export const whoAmI = endpoint({
  method: 'get',
  path: '/api/me',
  operationId: 'whoAmI',
  summary: 'Who this token is: principal, role and party',
  roles: ROLES,
  party: 'none',
  response: meView,
});

export function meRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  serve(router, { db, temporal })(whoAmI, ({ req, res }) => {
    const { principal, role, party } = principalOf(req);
    res.json({ principal, role, ...(party ? { party } : {}) });
  });
  return router;
}
