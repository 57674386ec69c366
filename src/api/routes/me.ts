import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../../../workflows/domain';
import { principalOf } from '../auth';
import { documented } from '../openapi';
import { partyCode } from '../schemas';

/** Who the token names: the field app signs a person in with it and shows only what their role may do. */

const meView = z.object({
  principal: z.string(),
  role: z.enum(ROLES),
  party: partyCode.optional().meta({ description: 'Absent for the intermediary’s roles' }),
});
documented({
  method: 'get',
  path: '/api/me',
  summary: 'Who this token is: principal, role and party',
  roles: [...ROLES],
  response: meView,
});

export function meRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const { principal, role, party } = principalOf(req);
    res.json({ principal, role, ...(party ? { party } : {}) });
  });
  return router;
}
