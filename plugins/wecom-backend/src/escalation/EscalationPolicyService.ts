import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  WECOM_ANNOTATIONS,
  WeComEscalationPolicy,
  WeComEscalationPolicyInput,
} from 'backstage-plugin-wecom-common';
import { REF_FIELDS } from '../catalog/catalogEntities';
import { catalogVisibility } from '../catalog/catalogVisibility';
import { namedAndHidden } from '../text/namedAndHidden';
import { ScheduleOnCallSource } from '../oncall/contracts';
import { EscalationPolicyStore } from './EscalationPolicyStore';

// At most this many entities are named in a 409 of a policy in use.
const MAX_USERS_NAMED = 20;

/**
 * Escalation policies as the API edits them: every user, group and
 * schedule a policy names must exist when it is saved, and a policy that
 * catalog entities still name cannot be deleted.
 */
export class EscalationPolicyService {
  constructor(
    private readonly deps: {
      store: EscalationPolicyStore;
      catalog: CatalogService;
      auth: AuthService;
      schedules: Pick<ScheduleOnCallSource, 'describe'>;
    },
  ) {}

  list(): Promise<WeComEscalationPolicy[]> {
    return this.deps.store.list();
  }

  async get(id: string): Promise<WeComEscalationPolicy> {
    const policy = await this.deps.store.get(id);
    if (!policy) throw new NotFoundError(`No escalation policy "${id}"`);
    return policy;
  }

  /** Validated input (`parsePolicyInput`) checked against the catalog as the caller sees it. */
  async create(
    input: WeComEscalationPolicyInput,
    credentials: BackstageCredentials,
  ): Promise<WeComEscalationPolicy> {
    await this.refuseMissing(input, credentials);
    await this.refuseSecondOfGroup(input.ownerRef);
    return this.deps.store.create(input);
  }

  async update(
    id: string,
    input: WeComEscalationPolicyInput,
    credentials: BackstageCredentials,
  ): Promise<WeComEscalationPolicy> {
    await this.get(id);
    await this.refuseMissing(input, credentials);
    await this.refuseSecondOfGroup(input.ownerRef, id);
    return this.deps.store.update(id, input);
  }

  /**
   * A group's components inherit the policy the group owns: with two, which
   * one pages would depend on their names, and a new policy could quietly
   * take over a team's paging. One policy per owner group, then.
   */
  private async refuseSecondOfGroup(ownerRef: string, exceptId?: string) {
    const owned = (await this.deps.store.ownedBy(ownerRef)).filter(
      policy => policy.id !== exceptId,
    );
    if (owned.length > 0) {
      throw new ConflictError(
        `${ownerRef} already owns escalation policy "${owned[0].id}", which its components inherit; change that policy, or give this one another owner group and name it with the ${WECOM_ANNOTATIONS.escalationPolicy} annotation`,
      );
    }
  }

  /**
   * Deletes a policy no catalog entity names. Asked with the plugin's own
   * credentials: an entity the caller cannot see still escalates by it. The
   * refusal names only the entities the caller can see and counts the rest.
   */
  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    await this.get(id);
    const { refs, total } = await this.usersOf(id);
    if (total > 0) {
      const seen = await catalogVisibility(this.deps.catalog)(
        refs,
        credentials,
      );
      const visible = refs.filter(ref => seen.has(ref));
      throw new ConflictError(
        `Escalation policy "${id}" is still named by ${namedAndHidden(
          visible,
          total - visible.length,
        )} (annotation ${
          WECOM_ANNOTATIONS.escalationPolicy
        }): change those entities first`,
      );
    }
    await this.deps.store.delete(id);
  }

  /** One 400 naming every user, group and schedule that does not exist. */
  private async refuseMissing(
    input: WeComEscalationPolicyInput,
    credentials: BackstageCredentials,
  ) {
    const refs = new Map<string, string>([[input.ownerRef, 'ownerRef']]);
    const schedules = new Map<string, string>();
    input.levels.forEach((level, l) =>
      level.targets.forEach((target, t) => {
        const where = `levels.${l}.targets.${t}`;
        const into = target.kind === 'schedule' ? schedules : refs;
        if (!into.has(target.ref)) into.set(target.ref, where);
      }),
    );
    // A schedule of a team the catalog hides from the caller is one they
    // may not page (nor learn of): refused in the same words as none. Its
    // owner is read in the same catalog batch as the other refs.
    const ids = [...schedules.keys()];
    const described = await Promise.all(
      ids.map(id => this.deps.schedules.describe(id)),
    );
    const seen = await catalogVisibility(this.deps.catalog)(
      [
        ...refs.keys(),
        ...described.flatMap(schedule => schedule?.ownerRef ?? []),
      ],
      credentials,
    );
    const isSeen = (ref: string) => seen.has(ref.toLocaleLowerCase('en-US'));
    const missing: string[] = [];
    for (const [ref, where] of refs) {
      if (!isSeen(ref)) missing.push(`${where}: ${ref} is not in the catalog`);
    }
    ids.forEach((id, index) => {
      const owner = described[index]?.ownerRef;
      if (!owner || !isSeen(owner)) {
        missing.push(`${schedules.get(id)}: there is no schedule "${id}"`);
      }
    });
    if (missing.length > 0) {
      throw new InputError(`Invalid escalation policy: ${missing.join('; ')}`);
    }
  }

  /** Catalog entities whose annotation names the policy: the first few, and how many. */
  private async usersOf(
    id: string,
  ): Promise<{ refs: string[]; total: number }> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items, totalItems } = await this.deps.catalog.queryEntities(
      {
        filter: {
          [`metadata.annotations.${WECOM_ANNOTATIONS.escalationPolicy}`]: id,
        },
        fields: REF_FIELDS,
        limit: MAX_USERS_NAMED,
      },
      { credentials },
    );
    return {
      refs: items.map(entity =>
        stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
      ),
      total: Math.max(totalItems, items.length),
    };
  }
}
