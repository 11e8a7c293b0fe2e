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
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { WeComEscalationPolicy } from 'backstage-plugin-wecom-common';
import {
  CatalogVisibility,
  ownedByVisible,
} from '../catalog/catalogVisibility';
import { createAuthorizer, withAuditEvent } from '../http/access';
import { EscalationPolicyService } from './EscalationPolicyService';
import { parsePolicyInput } from './policyInput';

/**
 * `/escalation-policies`: reading needs `wecom.oncall.read`, changing
 * `wecom.escalationPolicy.manage`. The permission is asked before the body
 * is read or any policy looked up, so a refusal tells nothing. Every change
 * is audited, failed ones too, and so is every refusal.
 *
 * A policy whose owner group the catalog hides from the caller is not
 * listed and is a 404 on every route, worded like one that does not exist.
 */
export function createEscalationPoliciesRouter(options: {
  escalationPolicies: EscalationPolicyService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** What the catalog shows the caller, read with their credentials. */
  catalogVisibility: CatalogVisibility;
}): express.Router {
  const { escalationPolicies: policies, auditor, catalogVisibility } = options;
  const router = Router();
  router.use('/escalation-policies', express.json({ limit: '64kb' }));
  const authorize = createAuthorizer(options);

  const audited = <T>(req: Request, meta: JsonObject, fn: () => Promise<T>) =>
    withAuditEvent(
      auditor,
      { eventId: 'escalation-policy-change', request: req, meta },
      fn,
    );

  /** The policy, if the caller can see its owner; a 404 otherwise. */
  const visiblePolicy = async (
    id: string,
    credentials: BackstageCredentials,
  ): Promise<WeComEscalationPolicy> => {
    const [seen] = await ownedByVisible(
      catalogVisibility,
      [await policies.get(id)],
      credentials,
    );
    if (!seen) throw new NotFoundError(`No escalation policy "${id}"`);
    return seen;
  };

  router.get('/escalation-policies', async (req, res) => {
    const { credentials } = await authorize(req, wecomOnCallReadPermission);
    res.json({
      items: await ownedByVisible(
        catalogVisibility,
        await policies.list(),
        credentials,
      ),
    });
  });

  router.get('/escalation-policies/:id', async (req, res) => {
    const { credentials } = await authorize(req, wecomOnCallReadPermission);
    res.json(await visiblePolicy(req.params.id, credentials));
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
    const updated = await audited(
      req,
      { action: 'update', policyId: id },
      async () => {
        await visiblePolicy(id, credentials);
        return policies.update(id, parsePolicyInput(req.body), credentials);
      },
    );
    res.json(updated);
  });

  router.delete('/escalation-policies/:id', async (req, res) => {
    const { credentials } = await authorize(
      req,
      wecomEscalationPolicyManagePermission,
    );
    const { id } = req.params;
    await audited(req, { action: 'delete', policyId: id }, async () => {
      await visiblePolicy(id, credentials);
      await policies.delete(id, credentials);
    });
    res.status(204).end();
  });

  return router;
}

/** The name asked for, for the audit event of a create (valid or not). */
function nameOf(body: unknown): string | null {
  const name = (body as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name.slice(0, 100) : null;
}
