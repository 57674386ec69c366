import request from 'supertest';
import { personId } from '../../src/api/auth';
import { expectProblem, useApiWorld } from './support';
import { runProvider } from '../helpers/identity';

const w = useApiWorld();

describe('people signed in at the OpenID Provider', () => {
  it('when a liaison brings the access token the provider gave them, then GET /api/me names their subject, role and party', async () => {
    const res = await w.person.get('ua', '/api/me').expect(200);
    expect(res.body).toEqual({ principal: 'liaison-ua-1', role: 'PARTY_LIAISON', party: 'UA' });
    expect(personId(runProvider().issuer, 'liaison-ua-1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('when the same person calls with a machine token of theirs, then it is another credential', async () => {
    expectProblem(await request(w.app).get('/api/me').auth('not-a-token', { type: 'bearer' }), 401);
  });
});
