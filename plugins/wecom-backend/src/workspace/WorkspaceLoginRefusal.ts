/**
 * A workspace-login step we refuse. The browser routes answer `status` with
 * a short page that says `reason` and how to start over; never a 500.
 */
export class WorkspaceLoginRefusal extends Error {
  name = 'WorkspaceLoginRefusal';
  constructor(readonly status: 400 | 404 | 502 | 503, readonly reason: string) {
    super(reason);
  }
}
