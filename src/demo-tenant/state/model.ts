/**
 * The demo tenant's records. They hold Graph's own property names and value shapes wherever Graph has
 * one, plus the references Graph exposes only as navigation properties (`accessPackageId`, `targetId`,
 * `managerId`...). Projections in `routes/` turn records into the exact JSON Graph returns.
 * Dates are ISO strings, as in Graph's JSON, so a record can be persisted and reloaded as it is.
 */

export type Iso = string;

/** Graph's subjectSet family, with its `@odata.type` discriminator. */
export type SubjectSet =
  | { "@odata.type": "#microsoft.graph.singleUser"; userId: string; description?: string | null }
  | { "@odata.type": "#microsoft.graph.groupMembers"; groupId: string; description?: string | null }
  | { "@odata.type": "#microsoft.graph.requestorManager"; managerLevel: number }
  | { "@odata.type": "#microsoft.graph.internalSponsors" }
  | { "@odata.type": "#microsoft.graph.externalSponsors" }
  | { "@odata.type": "#microsoft.graph.targetUserSponsors" }
  | { "@odata.type": "#microsoft.graph.connectedOrganizationMembers"; connectedOrganizationId: string };

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface UserRecord {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  usageLocation: string | null;
  preferredLanguage: string | null;
  managerId: string | null;
  sponsorIds: string[];
  mailboxSettings: {
    timeZone: string;
    automaticRepliesSetting: {
      status: "disabled" | "alwaysEnabled" | "scheduled";
      externalAudience: "none" | "contactsOnly" | "all";
      internalReplyMessage: string;
      externalReplyMessage: string;
      scheduledStartDateTime: DateTimeTimeZone | null;
      scheduledEndDateTime: DateTimeTimeZone | null;
    };
    workingHours: {
      daysOfWeek: string[];
      startTime: string;
      endTime: string;
      timeZone: { name: string };
    };
    language: { locale: string; displayName: string };
    dateFormat: string;
    timeFormat: string;
  };
  /** Last interactive sign-in, surfaced to access reviews as an insight. */
  lastSignInDateTime: Iso | null;
  createdDateTime: Iso;
}

export interface GroupRecord {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mail: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  groupTypes: string[];
  memberIds: string[];
  ownerIds: string[];
  createdDateTime: Iso;
}

/** An app registration the tenant knows: the bot itself, and the AI tools whose roles packages grant. */
export interface ApplicationRecord {
  /** The application (client) id. */
  appId: string;
  /** The service principal's object id. */
  id: string;
  displayName: string;
  /** Client secret, for apps that obtain tokens (the bot). */
  clientSecret: string | null;
  /** Application permissions granted with admin consent (token `roles`). */
  applicationPermissions: string[];
  /** Delegated permissions consented for every user (token `scp`). */
  delegatedPermissions: string[];
  /** Application ID URI (`api://botid-<appId>`), the audience of Teams SSO tokens. */
  identifierUri: string | null;
  appRoles: { id: string; displayName: string; value: string; description: string }[];
}

export interface CatalogRecord {
  id: string;
  displayName: string;
  description: string;
  catalogType: "userManaged" | "serviceDefault" | "serviceManaged";
  state: "unpublished" | "published";
  isExternallyVisible: boolean;
  createdDateTime: Iso;
  modifiedDateTime: Iso;
  /**
   * Entitlement management roles held in this catalog (Graph's `unifiedRoleAssignment` with `appScopeId`
   * `/AccessPackageCatalog/{id}`): catalog owners and access package managers. Absent in older snapshots
   * and in the generated large tenant: nobody holds a role there.
   */
  roleAssignments?: CatalogRoleAssignment[];
}

/** One entitlement management role a principal holds in a catalog. */
export interface CatalogRoleAssignment {
  /** A built-in entitlement management role definition id (see `ENTITLEMENT_ROLES`). */
  roleDefinitionId: string;
  principalId: string;
}

export interface ResourceRecord {
  id: string;
  catalogId: string;
  displayName: string;
  description: string | null;
  originId: string;
  originSystem: "AadGroup" | "AadApplication" | "SharePointOnline";
  createdDateTime: Iso;
  roles: { id: string; displayName: string; description: string | null; originId: string }[];
}

export interface ResourceRoleScopeRecord {
  id: string;
  resourceId: string;
  roleOriginId: string;
  createdDateTime: Iso;
}

export interface AccessPackageRecord {
  id: string;
  catalogId: string;
  displayName: string;
  description: string;
  isHidden: boolean;
  createdDateTime: Iso;
  modifiedDateTime: Iso;
  resourceRoleScopes: ResourceRoleScopeRecord[];
}

export type AccessPackageQuestion =
  | {
      "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion";
      id: string;
      sequence: number;
      isRequired: boolean;
      isAnswerEditable: boolean;
      text: string;
      localizations: { text: string; languageCode: string }[];
      isSingleLineQuestion: boolean;
      regexPattern: string | null;
    }
  | {
      "@odata.type": "#microsoft.graph.accessPackageMultipleChoiceQuestion";
      id: string;
      sequence: number;
      isRequired: boolean;
      isAnswerEditable: boolean;
      text: string;
      localizations: { text: string; languageCode: string }[];
      isMultipleSelectionAllowed: boolean;
      choices: { actualValue: string; text: string; localizations: { text: string; languageCode: string }[] }[];
    };

export interface ApprovalStageSettings {
  durationBeforeAutomaticDenial: string;
  isApproverJustificationRequired: boolean;
  isEscalationEnabled: boolean;
  durationBeforeEscalation: string;
  primaryApprovers: SubjectSet[];
  fallbackPrimaryApprovers: SubjectSet[];
  escalationApprovers: SubjectSet[];
  fallbackEscalationApprovers: SubjectSet[];
}

export interface ExpirationPattern {
  type: "notSpecified" | "noExpiration" | "afterDateTime" | "afterDuration";
  duration: string | null;
  endDateTime: Iso | null;
}

export interface AssignmentPolicyRecord {
  id: string;
  accessPackageId: string;
  displayName: string;
  description: string;
  allowedTargetScope:
    | "notSpecified"
    | "specificDirectoryUsers"
    | "specificConnectedOrganizationUsers"
    | "specificDirectoryServicePrincipals"
    | "allMemberUsers"
    | "allDirectoryUsers"
    | "allDirectoryServicePrincipals"
    | "allConfiguredConnectedOrganizationUsers"
    | "allExternalUsers";
  specificAllowedTargets: SubjectSet[];
  expiration: ExpirationPattern;
  requestorSettings: {
    enableTargetsToSelfAddAccess: boolean;
    enableTargetsToSelfUpdateAccess: boolean;
    enableTargetsToSelfRemoveAccess: boolean;
    allowCustomAssignmentSchedule: boolean;
    enableOnBehalfRequestorsToAddAccess: boolean;
    enableOnBehalfRequestorsToUpdateAccess: boolean;
    enableOnBehalfRequestorsToRemoveAccess: boolean;
    onBehalfRequestors: SubjectSet[];
  };
  requestApprovalSettings: {
    isApprovalRequiredForAdd: boolean;
    isApprovalRequiredForUpdate: boolean;
    isRequestorJustificationRequired: boolean;
    stages: ApprovalStageSettings[];
  };
  automaticRequestSettings: {
    requestAccessForAllowedTargets: boolean;
    removeAccessWhenTargetLeavesAllowedTargets: boolean;
    gracePeriodBeforeAccessRemoval: string | null;
  } | null;
  questions: AccessPackageQuestion[];
  createdDateTime: Iso;
  modifiedDateTime: Iso;
}

export interface EntitlementSchedule {
  startDateTime: Iso | null;
  expiration: ExpirationPattern | null;
  recurrence: null;
}

export interface AnswerRecord {
  "@odata.type": "#microsoft.graph.accessPackageAnswerString";
  value: string;
  displayValue: string;
  answeredQuestion: { id: string };
}

export type ApprovalStageStatus = "NotStarted" | "InProgress" | "Completed" | "Expired";

/** One stage of a request's approval, as Entra runs it. */
export interface RequestStageRecord {
  id: string;
  /** 0-based position in the policy's stages. */
  index: number;
  status: ApprovalStageStatus;
  startedDateTime: Iso | null;
  /** When Entra denies automatically if nobody decided. */
  autoDenyDateTime: Iso | null;
  /** When the stage escalates to its escalation approvers, if it does. */
  escalationDateTime: Iso | null;
  escalated: boolean;
  reviewResult: "NotReviewed" | "Approve" | "Deny";
  reviewedById: string | null;
  reviewedDateTime: Iso | null;
  justification: string | null;
}

export type RequestState =
  | "submitted"
  | "pendingApproval"
  | "delivering"
  | "delivered"
  | "deliveryFailed"
  | "denied"
  | "scheduled"
  | "canceled"
  | "partiallyDelivered";

export type RequestType =
  | "userAdd"
  | "userUpdate"
  | "userRemove"
  | "adminAdd"
  | "adminUpdate"
  | "adminRemove"
  | "systemAdd"
  | "systemUpdate"
  | "systemRemove"
  | "onBehalfAdd";

export interface AssignmentRequestRecord {
  id: string;
  requestType: RequestType;
  state: RequestState;
  status: string;
  createdDateTime: Iso;
  completedDateTime: Iso | null;
  schedule: EntitlementSchedule;
  answers: AnswerRecord[];
  justification: string | null;
  accessPackageId: string;
  assignmentPolicyId: string;
  /** The user who gets (or loses) access. */
  targetId: string;
  /** Who filed the request: the user, or null when the app (or Entra itself) did. */
  requestorId: string | null;
  assignmentId: string | null;
  /** The approval's stages, in policy order; empty when the policy needs no approval. */
  stages: RequestStageRecord[];
  /** When delivery completes, while `delivering`. */
  deliverAtDateTime: Iso | null;
}

export interface AssignmentRecord {
  id: string;
  accessPackageId: string;
  assignmentPolicyId: string;
  targetId: string;
  state: "delivering" | "partiallyDelivered" | "delivered" | "expired" | "deliveryFailed";
  status: string;
  schedule: EntitlementSchedule;
  expiredDateTime: Iso | null;
  createdDateTime: Iso;
}

// ---- Access reviews -------------------------------------------------------------------------------

export interface AccessReviewReviewerScope {
  query: string;
  queryType: string;
  queryRoot: string | null;
}

export interface AccessReviewDefinitionRecord {
  id: string;
  displayName: string;
  descriptionForAdmins: string;
  descriptionForReviewers: string;
  createdById: string;
  createdDateTime: Iso;
  lastModifiedDateTime: Iso;
  status: string;
  /** The scope as Graph shows it (`accessReviewQueryScope` and kin, with `@odata.type`). */
  scope: Record<string, unknown>;
  /** Which objects get an instance each (e.g. the reviewed group), as Graph shows it; null when absent. */
  instanceEnumerationScope?: Record<string, unknown> | null;
  reviewers: AccessReviewReviewerScope[];
  fallbackReviewers: AccessReviewReviewerScope[];
  settings: Record<string, unknown>;
  /** Owners who get progress digests (Graph has no such field; the bot reads `createdBy`). */
}

export type AccessReviewInstanceStatus =
  | "NotStarted"
  | "InProgress"
  | "Completing"
  | "Completed"
  | "AutoReviewing"
  | "AutoReviewed";

export interface AccessReviewInstanceRecord {
  id: string;
  definitionId: string;
  startDateTime: Iso;
  endDateTime: Iso;
  status: AccessReviewInstanceStatus;
  scope: Record<string, unknown>;
  reviewers: AccessReviewReviewerScope[];
  fallbackReviewers: AccessReviewReviewerScope[];
  /** Resolved reviewer user ids (who may decide the items). */
  reviewerIds: string[];
  /** When reviewers were last sent Entra's reminder. */
  lastReminderDateTime: Iso | null;
}

export interface AccessReviewDecisionRecord {
  id: string;
  instanceId: string;
  principalId: string;
  resource: { "@odata.type": string; id: string; displayName: string; type: string | null };
  /** Graph path of the reviewed resource (`/groups/{id}`); rendered as an absolute URL on this emulator. */
  resourceLink: string | null;
  decision: "NotReviewed" | "Approve" | "Deny" | "DontKnow";
  recommendation: "Approve" | "Deny" | "NoInfoAvailable";
  justification: string | null;
  reviewedById: string | null;
  reviewedDateTime: Iso | null;
  appliedById: string | null;
  appliedDateTime: Iso | null;
  applyResult: "New" | "AppliedSuccessfully" | "AppliedWithUnknownFailure" | "AppliedSuccessfullyButObjectNotFound" | "ApplyNotSupported";
  /** Who may decide this item; empty means every reviewer of the instance. */
  reviewerIds: string[];
}

// ---- PIM ------------------------------------------------------------------------------------------

export interface RoleDefinitionRecord {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  rolePermissions: { allowedResourceActions: string[]; condition: string | null }[];
}

export interface PimScheduleInfo {
  startDateTime: Iso | null;
  expiration: { type: "notSpecified" | "noExpiration" | "afterDateTime" | "afterDuration"; duration: string | null; endDateTime: Iso | null } | null;
  recurrence: null;
}

/** An eligibility, for a directory role (`roleDefinitionId`) or a PIM-for-groups group (`groupId`). */
export interface EligibilityRecord {
  id: string;
  principalId: string;
  /** Directory role, or null for a group eligibility. */
  roleDefinitionId: string | null;
  directoryScopeId: string;
  /** PIM for Groups: the group and whether membership or ownership. */
  groupId: string | null;
  accessId: "member" | "owner" | null;
  memberType: "Direct" | "Group" | "Inherited";
  status: string;
  scheduleInfo: PimScheduleInfo;
  createdDateTime: Iso;
}

export type PimRequestStatus =
  | "Canceled"
  | "Denied"
  | "Failed"
  | "Granted"
  | "PendingAdminDecision"
  | "PendingApproval"
  | "PendingProvisioning"
  | "PendingScheduleCreation"
  | "Provisioned"
  | "Revoked"
  | "ScheduleCreated";

export interface PimRequestRecord {
  id: string;
  /** `role` for directory roles, `group` for PIM for Groups. */
  kind: "role" | "group";
  action: "adminAssign" | "adminUpdate" | "adminRemove" | "selfActivate" | "selfDeactivate" | "adminExtend" | "adminRenew" | "selfExtend" | "selfRenew";
  principalId: string;
  roleDefinitionId: string | null;
  directoryScopeId: string | null;
  groupId: string | null;
  accessId: "member" | "owner" | null;
  justification: string | null;
  scheduleInfo: PimScheduleInfo;
  ticketInfo: { ticketNumber: string | null; ticketSystem: string | null } | null;
  status: PimRequestStatus;
  createdDateTime: Iso;
  completedDateTime: Iso | null;
  createdById: string;
  approvalId: string | null;
  targetScheduleId: string | null;
  /** PIM approvals time out after this instant (24 hours after the request). */
  approvalDeadline: Iso | null;
  approvalStages: PimApprovalStageRecord[];
}

export interface PimApprovalStageRecord {
  id: string;
  approverIds: string[];
  status: "NotStarted" | "InProgress" | "Completed" | "Expired";
  reviewResult: "NotReviewed" | "Approve" | "Deny";
  reviewedById: string | null;
  reviewedDateTime: Iso | null;
  justification: string | null;
}

/** An active (activated or permanently assigned) role or group assignment. */
export interface ActiveAssignmentRecord {
  id: string;
  kind: "role" | "group";
  principalId: string;
  roleDefinitionId: string | null;
  directoryScopeId: string | null;
  groupId: string | null;
  accessId: "member" | "owner" | null;
  assignmentType: "Assigned" | "Activated";
  memberType: "Direct" | "Group" | "Inherited";
  status: string;
  scheduleInfo: PimScheduleInfo;
  startDateTime: Iso;
  endDateTime: Iso | null;
  requestId: string | null;
  createdDateTime: Iso;
  /** The eligibility an activation used (Graph's `activatedUsing`); null for direct assignments. */
  eligibilityId: string | null;
  /** PIM for Groups: whether this assignment put the principal into the group, so its end takes them out. */
  addedGroupMembership: boolean;
}

/** A role management policy and where it applies (a directory role, or a group's member/owner). */
export interface RoleManagementPolicyRecord {
  id: string;
  displayName: string;
  description: string;
  scopeId: string;
  scopeType: "Directory" | "DirectoryRole" | "Group";
  /** The role (directory) or `member`/`owner` (groups) this policy governs. */
  roleDefinitionId: string;
  isOrganizationDefault: boolean;
  lastModifiedDateTime: Iso;
  /** Graph-shaped rules, each with its `@odata.type` (`unifiedRoleManagementPolicyExpirationRule` ...). */
  rules: Record<string, unknown>[];
}

// ---- Teams ----------------------------------------------------------------------------------------

export interface TeamsAppRecord {
  id: string;
  externalId: string | null;
  displayName: string;
  distributionMethod: "store" | "organization" | "sideloaded";
  version: string;
}

export interface InstalledAppRecord {
  id: string;
  userId: string;
  teamsAppId: string;
  chatId: string;
  installedDateTime: Iso;
}
