import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  wecomEscalationPolicyManagePermission,
  wecomOnCallReadPermission,
} from 'backstage-plugin-wecom-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { JsonObject } from '@backstage/types';
import { createAuthorizer, withAuditEvent } from '../http/access';
import { EscalationPolicyService } from './EscalationPolicyService';
import { parsePolicyInput } from './policyInput';

/**
 * `/escalation-policies`: reading needs `wecom.oncall.read`, changing
 * `wecom.escalationPolicy.manage`. The permission is asked before the body
 * is read or any policy looked up, so a refusal tells nothing. Every change
 * is audited, failed ones too.
 */
export function createEscalationPoliciesRouter(options: {
  escalationPolicies: EscalationPolicyService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { escalationPolicies: policies, auditor } = options;
  const router = Router();
  router.use('/escalation-policies', express.json({ limit: '64kb' }));
  const authorize = createAuthorizer(options);

  const audited = <T>(req: Request, meta: JsonObject, fn: () => Promise<T>) =>
    withAuditEvent(
      auditor,
      { eventId: 'escalation-policy-change', request: req, meta },
      fn,
    );

  router.get('/escalation-policies', async (req, res) => {
    await authorize(req, wecomOnCallReadPermission);
    res.json({ items: await policies.list() });
  });

  router.get('/escalation-policies/:id', async (req, res) => {
    await authorize(req, wecomOnCallReadPermission);
    res.json(await policies.get(req.params.id));
  });

  router.post('/escalation-policies', async (req, res) => {
    const { credentials } = await authorize(
      req,
      wecomEscalationPolicyManagePermission,
    );
    const created = await audited(
      req,
      { action: 'create', name: nameOf(req.body) },
      async () => policies.create(parsePolicyInput(req.body), credentials),
    );
    res.status(201).json(created);
  });

  router.put('/escalation-policies/:id', async (req, res) => {
    const { credentials } = await authorize(
      req,
      wecomEscalationPolicyManagePermission,
    );
    const { id } = req.params;
    const updated = await audited(req, { action: 'update', policyId: id }, () =>
      policies.update(id, parsePolicyInput(req.body), credentials),
    );
    res.json(updated);
  });

  router.delete('/escalation-policies/:id', async (req, res) => {
    await authorize(req, wecomEscalationPolicyManagePermission);
    const { id } = req.params;
    await audited(req, { action: 'delete', policyId: id }, () =>
      policies.delete(id),
    );
    res.status(204).end();
  });

  return router;
}

/** The name asked for, for the audit event of a create (valid or not). */
function nameOf(body: unknown): string | null {
  const name = (body as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name.slice(0, 100) : null;
}
