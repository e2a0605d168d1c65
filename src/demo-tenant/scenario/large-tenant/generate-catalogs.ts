import type { ApprovalStageSettings, AssignmentPolicyRecord, ExpirationPattern, SubjectSet } from "../../state/model.js";
import type { ScenarioContext } from "../scenario-context.js";
import type { GeneratedPeople } from "./generate-people.js";
import { DIVISIONS, PACKAGE_AUDIENCES, PACKAGE_TOOLS } from "./large-tenant-names.js";
import { ID_KIND, scaleId, type SeededRandom } from "./seeded-random.js";

const DAY = 86_400_000;
/** About this many access packages per catalog, as tenants group packages by department or tool family. */
const PACKAGES_PER_CATALOG = 50;

/** What assignments and requests need to know about a generated package. */
export interface GeneratedPackage {
  id: string;
  displayName: string;
  groupId: string;
  /** The policy people request through (always first), and the admin-only policy when there is one. */
  requestPolicy: AssignmentPolicyRecord;
  adminPolicy: AssignmentPolicyRecord | null;
}

/**
 * Catalogs, and in each about fifty access packages. The first package is the broad one (an AI tool for
 * all employees, held by many, without expiration, kept in check by the quarterly access review). Every package grants membership of its own security
 * group (a catalog resource), and has a request policy (varied: manager approval, manager then owner,
 * three stages, or none; expirations from 8 hours to a year) and, for about a third, an admin-only policy.
 */
export function generateCatalogs(ctx: ScenarioContext, random: SeededRandom, people: GeneratedPeople, count: number): GeneratedPackage[] {
  const state = ctx.state;
  const created = new Date(ctx.now.getTime() - 500 * DAY).toISOString();
  const catalogCount = Math.max(1, Math.ceil(count / PACKAGES_PER_CATALOG));
  const approvers = approverPool(ctx, people);
  const packages: GeneratedPackage[] = [];

  for (let c = 0; c < catalogCount; c++) {
    const division = DIVISIONS[c % DIVISIONS.length]!;
    state.catalogs.insert({
      id: scaleId(ID_KIND.catalog, c + 1),
      displayName: `${division.department} AI tools ${Math.floor(c / DIVISIONS.length) + 1}`,
      description: `AI tools and data access for ${division.department}.`,
      catalogType: "userManaged",
      state: "published",
      isExternallyVisible: false,
      createdDateTime: created,
      modifiedDateTime: created,
    });
  }

  for (let p = 0; p < count; p++) {
    const n = p + 1;
    const catalogId = scaleId(ID_KIND.catalog, (p % catalogCount) + 1);
    const broad = p === 0;
    const tool = PACKAGE_TOOLS[p % PACKAGE_TOOLS.length]!;
    const audience = broad ? "All employees" : PACKAGE_AUDIENCES[Math.floor(p / PACKAGE_TOOLS.length) % PACKAGE_AUDIENCES.length]!;
    // Tool x audience repeats after 192 packages; the number keeps display names unique, as admins do.
    const displayName = broad ? `${tool} - ${audience}` : `${tool} - ${audience} ${Math.floor(p / (PACKAGE_TOOLS.length * PACKAGE_AUDIENCES.length)) + 1}`;
    const groupId = scaleId(ID_KIND.group, n);
    const resourceId = scaleId(ID_KIND.resource, n);
    const modified = new Date(ctx.now.getTime() - random.between(1, 400) * DAY).toISOString();
    const owner = random.pick(approvers);

    state.groups.insert({
      id: groupId,
      displayName: `AP ${displayName}`,
      description: `Members get ${tool} (${audience}). Managed by entitlement management.`,
      mailNickname: `ap-${n}`,
      mail: null,
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
      memberIds: [],
      ownerIds: [owner.id],
      createdDateTime: created,
    });
    state.resources.insert({
      id: resourceId,
      catalogId,
      displayName: `AP ${displayName}`,
      description: null,
      originId: groupId,
      originSystem: "AadGroup",
      createdDateTime: created,
      roles: [
        { id: scaleId(ID_KIND.resourceRole, 2 * n - 1), displayName: "Member", description: null, originId: `Member_${groupId}` },
        { id: scaleId(ID_KIND.resourceRole, 2 * n), displayName: "Owner", description: null, originId: `Owner_${groupId}` },
      ],
    });
    state.accessPackages.insert({
      id: scaleId(ID_KIND.accessPackage, n),
      catalogId,
      displayName,
      description: `Access to ${tool} for ${audience.toLowerCase()}.`,
      isHidden: !broad && random.chance(0.05),
      createdDateTime: created,
      modifiedDateTime: modified,
      resourceRoleScopes: [{ id: scaleId(ID_KIND.resourceRoleScope, n), resourceId, roleOriginId: `Member_${groupId}`, createdDateTime: created }],
    });

    const packageId = scaleId(ID_KIND.accessPackage, n);
    const requestPolicy = broad ? broadPolicyFor(packageId, 2 * n - 1, owner, modified) : requestPolicyFor(random, packageId, 2 * n - 1, owner, random.pick(approvers), modified);
    state.policies.insert(requestPolicy);
    let adminPolicy: AssignmentPolicyRecord | null = null;
    if (!broad && random.chance(0.35)) {
      adminPolicy = adminPolicyFor(packageId, 2 * n, modified);
      state.policies.insert(adminPolicy);
    }
    packages.push({ id: packageId, displayName, groupId, requestPolicy, adminPolicy });
  }
  return packages;
}

interface Approver {
  id: string;
  displayName: string;
}

/**
 * Package owners and second-stage approvers: directors and above among the generated people, plus
 * Megan Bowen and Adele Vance when the scenario has them, so a persona has a large approval queue too.
 */
function approverPool(ctx: ScenarioContext, people: GeneratedPeople): Approver[] {
  const pool: Approver[] = [];
  for (const alias of ["meganb", "adelev"]) {
    const id = ctx.userAliases.get(alias);
    const user = id ? ctx.state.users.get(id) : undefined;
    if (user) pool.push({ id: user.id, displayName: user.displayName });
  }
  for (let i = 0; i < people.ids.length && pool.length < 200; i++) {
    if (people.reports.has(i) && people.active[i]) pool.push({ id: people.ids[i]!, displayName: people.displayNames[i]! });
  }
  if (pool.length === 0) throw new Error("The large tenant needs at least one manager to own access packages; raise `users`.");
  return pool;
}

const MANAGER: SubjectSet = { "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 };
const singleUser = (a: Approver): SubjectSet => ({ "@odata.type": "#microsoft.graph.singleUser", userId: a.id, description: a.displayName });

function stage(primary: SubjectSet[], fallback: SubjectSet[], autoDeny: string, escalation: { after: string; to: SubjectSet[] } | null): ApprovalStageSettings {
  return {
    durationBeforeAutomaticDenial: autoDeny,
    isApproverJustificationRequired: false,
    isEscalationEnabled: escalation !== null,
    durationBeforeEscalation: escalation?.after ?? "PT0S",
    primaryApprovers: primary,
    fallbackPrimaryApprovers: fallback,
    escalationApprovers: escalation?.to ?? [],
    fallbackEscalationApprovers: [],
  };
}

const afterDuration = (duration: string): ExpirationPattern => ({ type: "afterDuration", duration, endDateTime: null });

interface PolicyVariant {
  displayName: string;
  stages: ApprovalStageSettings[];
  expiration: ExpirationPattern;
}

/** The broad package's policy: manager approval, no expiration (a recurring access review removes stale access). */
function broadPolicyFor(packageId: string, n: number, owner: Approver, modified: string): AssignmentPolicyRecord {
  return policyRecord(packageId, n, modified, {
    displayName: "All employees: manager approval",
    stages: [stage([MANAGER], [singleUser(owner)], "P14D", null)],
    expiration: { type: "noExpiration", duration: null, endDateTime: null },
  });
}

/** The policy people request through; its shape varies the way real tenants' do. */
function requestPolicyFor(random: SeededRandom, packageId: string, n: number, owner: Approver, second: Approver, modified: string): AssignmentPolicyRecord {
  const roll = random.next();
  let variant: PolicyVariant;
  if (roll < 0.45) {
    variant = {
      displayName: "Employees: manager approval",
      stages: [stage([MANAGER], [singleUser(owner)], "P14D", null)],
      expiration: afterDuration(random.pick(["P30D", "P90D", "P180D", "P365D"])),
    };
  } else if (roll < 0.65) {
    variant = {
      displayName: "Employees: manager, then owner approval",
      stages: [stage([MANAGER], [singleUser(owner)], "P7D", { after: "P2D", to: [singleUser(owner)] }), stage([singleUser(owner)], [], "P7D", null)],
      expiration: afterDuration(random.pick(["P30D", "P90D", "P180D"])),
    };
  } else if (roll < 0.75) {
    variant = {
      displayName: "Sensitive: manager, owner and security approval",
      stages: [stage([MANAGER], [singleUser(owner)], "P3D", null), stage([singleUser(owner)], [], "P3D", null), stage([singleUser(second)], [], "P3D", null)],
      expiration: afterDuration(random.pick(["P7D", "P30D"])),
    };
  } else if (roll < 0.9) {
    variant = {
      displayName: "Employees: owner approval",
      stages: [stage([singleUser(owner)], [singleUser(second)], "P7D", { after: "P1D", to: [singleUser(second)] })],
      expiration: afterDuration(random.pick(["P30D", "P90D"])),
    };
  } else {
    variant = { displayName: "Employees: no approval, short-lived", stages: [], expiration: afterDuration(random.pick(["PT8H", "P1D", "P7D"])) };
  }
  return policyRecord(packageId, n, modified, variant);
}

function policyRecord(packageId: string, n: number, modified: string, { displayName, stages, expiration }: PolicyVariant): AssignmentPolicyRecord {
  const approval = stages.length > 0;
  return {
    id: scaleId(ID_KIND.policy, n),
    accessPackageId: packageId,
    displayName,
    description: expiration.duration ? `${displayName}; access ends after ${expiration.duration}.` : `${displayName}; reviewed quarterly instead of expiring.`,
    allowedTargetScope: "allMemberUsers",
    specificAllowedTargets: [],
    expiration,
    requestorSettings: {
      enableTargetsToSelfAddAccess: true,
      enableTargetsToSelfUpdateAccess: true,
      enableTargetsToSelfRemoveAccess: true,
      allowCustomAssignmentSchedule: approval,
      enableOnBehalfRequestorsToAddAccess: false,
      enableOnBehalfRequestorsToUpdateAccess: false,
      enableOnBehalfRequestorsToRemoveAccess: false,
      onBehalfRequestors: [],
    },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: approval,
      isApprovalRequiredForUpdate: approval,
      isRequestorJustificationRequired: approval,
      stages,
    },
    automaticRequestSettings: null,
    questions: [],
    createdDateTime: modified,
    modifiedDateTime: modified,
  };
}

/** Direct assignment by administrators: nobody can request it, and it does not expire. */
function adminPolicyFor(packageId: string, n: number, modified: string): AssignmentPolicyRecord {
  return {
    id: scaleId(ID_KIND.policy, n),
    accessPackageId: packageId,
    displayName: "Administrators: direct assignment",
    description: "Assigned by administrators; no self-service requests.",
    allowedTargetScope: "notSpecified",
    specificAllowedTargets: [],
    expiration: { type: "noExpiration", duration: null, endDateTime: null },
    requestorSettings: {
      enableTargetsToSelfAddAccess: false,
      enableTargetsToSelfUpdateAccess: false,
      enableTargetsToSelfRemoveAccess: false,
      allowCustomAssignmentSchedule: false,
      enableOnBehalfRequestorsToAddAccess: false,
      enableOnBehalfRequestorsToUpdateAccess: false,
      enableOnBehalfRequestorsToRemoveAccess: false,
      onBehalfRequestors: [],
    },
    requestApprovalSettings: { isApprovalRequiredForAdd: false, isApprovalRequiredForUpdate: false, isRequestorJustificationRequired: false, stages: [] },
    automaticRequestSettings: null,
    questions: [],
    createdDateTime: modified,
    modifiedDateTime: modified,
  };
}
