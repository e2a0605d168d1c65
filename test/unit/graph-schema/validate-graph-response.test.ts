/**
 * Unit tests for the Graph v1.0 response validator. Bodies are adapted from the example responses in the
 * Microsoft Graph v1.0 API reference (learn.microsoft.com/graph/api/...), fixed where the published example
 * is not valid v1.0 (noted inline).
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  BETA_PATH_MISMATCH,
  UNDOCUMENTED_PATH_MISMATCH,
  checkGraphResponse,
  getGraphResponseValidator,
  graphSchemaLoadTimes,
  isBetaPath,
  isDocumentedPath,
  validateGraphRequestBody,
  validateGraphResponse,
  validateGraphType,
} from "../../support/graph-schema/validate-graph-response.js";

const EM = "/v1.0/identityGovernance/entitlementManagement";
const REVIEWS = "/v1.0/identityGovernance/accessReviews/definitions/2dca8959-b716-4b4c-a93d-a535c01eb6e0/instances/8d035c9d-798d-47fa-beb4-f986a4b8126f";

/** Asserts exactly one mismatch, at `pointer`, whose text contains every fragment. */
function expectOneMismatch(mismatches: string[], pointer: string, ...fragments: string[]): void {
  expect(mismatches, mismatches.join("\n")).toHaveLength(1);
  const [m] = mismatches;
  expect(m?.startsWith(`${pointer}: `), m).toBe(true);
  for (const f of fragments) expect(m).toContain(f);
}

// --- Example bodies ----------------------------------------------------------------------------------

/** approval-get (v1.0). */
function approval(): Record<string, unknown> {
  return {
    id: "abd306ef-f7b2-4a10-9fd1-493454322489",
    stages: [
      {
        id: "d4fa4045-4716-436d-aec5-57b0a713f095",
        displayName: null,
        reviewedDateTime: null,
        reviewResult: "NotReviewed",
        status: "InProgress",
        assignedToMe: true,
        justification: "",
        reviewedBy: null,
      },
    ],
  };
}

/** accessPackageAssignmentRequest-get (v1.0), completed with answers, requestor and assignment. */
function assignmentRequest(): Record<string, unknown> {
  return {
    id: "7999249e-249e-7999-9e24-99799e249979",
    requestType: "userAdd",
    state: "pendingApproval",
    status: "PendingApproval",
    createdDateTime: "2019-10-25T22:55:11.623Z",
    completedDateTime: null,
    justification: "Need access to the AI tools for the Q3 project", // graph-types 2.43 only (newer than the YAML)
    schedule: {
      "@odata.type": "microsoft.graph.entitlementManagementSchedule", // the docs omit '#'; accepted
      startDateTime: "2019-10-25T22:55:11.623Z",
      expiration: { type: "afterDuration", duration: "P7D", endDateTime: null },
      recurrence: null,
    },
    answers: [
      {
        "@odata.type": "#microsoft.graph.accessPackageAnswerString",
        value: "Building AI prototypes",
        displayValue: "Building AI prototypes",
        answeredQuestion: {
          "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion",
          id: "8fe745e7-80b2-490d-bd22-4e708c77288c",
          sequence: 1,
          isRequired: true,
          isAnswerEditable: true,
          text: "What will you use it for?",
          localizations: [],
          isSingleLineQuestion: true,
          regexPattern: null,
        },
      },
    ],
    customExtensionCalloutInstances: [],
    requestor: {
      id: "c5e2f2b3-8b1a-4d6c-9f3e-7a1b2c3d4e5f",
      displayName: "Adele Vance",
      email: "AdeleV@contoso.com",
      principalName: "AdeleV@contoso.com",
      objectId: "1800bb2c-955d-4205-8471-3a6c3116435d",
      subjectType: "user",
      onPremisesSecurityIdentifier: null,
    },
    assignment: {
      id: "2b6a6f3a-5a3e-4f3c-9d2b-3c4d5e6f7a8b",
      // Graph echoes the ids it was given in the request (README of shared/graph-openapi).
      accessPackageId: "977c7ff4-ef8f-4910-9d31-49048ddf3120",
      assignmentPolicyId: "87e1c7f7-c7f7-87e1-f7c7-e187f7c7e187",
      targetId: "1800bb2c-955d-4205-8471-3a6c3116435d",
    },
  };
}

/** accessReviewInstance-list-decisions example 1 (v1.0), without its `target` property (beta only). */
function decisions(): Record<string, unknown> {
  return {
    "@odata.context":
      "https://graph.microsoft.com/v1.0/$metadata#identityGovernance/accessReviews/definitions('2dca8959-b716-4b4c-a93d-a535c01eb6e0')/instances('8d035c9d-798d-47fa-beb4-f986a4b8126f')/decisions",
    "@odata.count": 1,
    value: [
      {
        id: "139166ec-d214-4835-95aa-3c1d89581e51",
        accessReviewId: "8d035c9d-798d-47fa-beb4-f986a4b8126f",
        reviewedDateTime: null,
        decision: "NotReviewed",
        justification: "",
        appliedDateTime: null,
        applyResult: "New",
        recommendation: "Deny",
        principalLink: "https://graph.microsoft.com/v1.0/users/1800bb2c-955d-4205-8471-3a6c3116435d",
        resourceLink: null,
        resource: null,
        reviewedBy: { id: "00000000-0000-0000-0000-000000000000", displayName: "", userPrincipalName: "" },
        appliedBy: { id: "00000000-0000-0000-0000-000000000000", displayName: "", userPrincipalName: "" },
        principal: {
          "@odata.type": "#microsoft.graph.userIdentity",
          id: "1800bb2c-955d-4205-8471-3a6c3116435d",
          displayName: "guest example",
          userPrincipalName: "guest@guest.com",
        },
      },
    ],
  };
}

function ruleTarget(level: string): Record<string, unknown> {
  return { caller: "EndUser", operations: ["all"], level, inheritableSettings: [], enforcedSettings: [] };
}

/** unifiedRoleManagementPolicyAssignment-get example 2 (v1.0): `$expand=policy($expand=rules)`, shortened. */
function policyAssignmentWithRules(): Record<string, unknown> {
  return {
    "@odata.context":
      "https://graph.microsoft.com/v1.0/$metadata#policies/roleManagementPolicyAssignments(policy(rules()))/$entity",
    id: "Group_0e6ff2f5-0a4e-4a2a-a1d6-d5b6f1b1f0a1_a4a5c2b2-1d0f-4c1e-9c0f-2b2d7c0b5e8f_member",
    policyId: "Group_0e6ff2f5-0a4e-4a2a-a1d6-d5b6f1b1f0a1_a4a5c2b2-1d0f-4c1e-9c0f-2b2d7c0b5e8f",
    scopeId: "0e6ff2f5-0a4e-4a2a-a1d6-d5b6f1b1f0a1",
    scopeType: "Group",
    roleDefinitionId: "member",
    policy: {
      id: "Group_0e6ff2f5-0a4e-4a2a-a1d6-d5b6f1b1f0a1_a4a5c2b2-1d0f-4c1e-9c0f-2b2d7c0b5e8f",
      displayName: "Group",
      description: "Group",
      isOrganizationDefault: false,
      scopeId: "0e6ff2f5-0a4e-4a2a-a1d6-d5b6f1b1f0a1",
      scopeType: "Group",
      lastModifiedDateTime: null,
      lastModifiedBy: { displayName: null, id: null },
      rules: [
        {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
          id: "Expiration_EndUser_Assignment",
          isExpirationRequired: true,
          maximumDuration: "PT8H",
          target: ruleTarget("Assignment"),
        },
        {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
          id: "Enablement_EndUser_Assignment",
          enabledRules: ["MultiFactorAuthentication", "Justification"],
          target: ruleTarget("Assignment"),
        },
        {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
          id: "Approval_EndUser_Assignment",
          target: ruleTarget("Assignment"),
          setting: {
            isApprovalRequired: true,
            isApprovalRequiredForExtension: false,
            isRequestorJustificationRequired: true,
            approvalMode: "SingleStage",
            approvalStages: [
              {
                approvalStageTimeOutInDays: 1,
                isApproverJustificationRequired: true,
                escalationTimeInMinutes: 0,
                isEscalationEnabled: false,
                primaryApprovers: [
                  { "@odata.type": "#microsoft.graph.singleUser", userId: "08a551cb-575a-4343-b914-f6e42798bd20", description: null },
                ],
                escalationApprovers: [],
              },
            ],
          },
        },
        {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
          id: "AuthenticationContext_EndUser_Assignment",
          isEnabled: false,
          claimValue: null,
          target: ruleTarget("Assignment"),
        },
        {
          "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
          id: "Notification_Approver_EndUser_Assignment",
          notificationType: "Email",
          recipientType: "Approver",
          notificationLevel: "All",
          isDefaultRecipientsEnabled: true,
          notificationRecipients: [],
          target: ruleTarget("Assignment"),
        },
      ],
    },
  };
}

/**
 * accessPackageAssignmentPolicy with `$expand=questions`, after entitlementmanagement-post-assignmentpolicies
 * example 4 (whose request body quotes booleans and numbers as strings; fixed here) and the subject set types.
 */
function policyWithQuestions(): Record<string, unknown> {
  const approvers = [
    { "@odata.type": "#microsoft.graph.singleUser", userId: "08a551cb-575a-4343-b914-f6e42798bd20", description: "Approver" },
    { "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 },
    { "@odata.type": "#microsoft.graph.groupMembers", groupId: "3b2b5d0e-6b3a-4b0e-9d2c-1a2b3c4d5e6f", description: "Approvers" },
    { "@odata.type": "#microsoft.graph.internalSponsors" },
    { "@odata.type": "#microsoft.graph.externalSponsors" },
    { "@odata.type": "#microsoft.graph.targetUserSponsors" },
  ];
  return {
    id: "24e5711e-92f0-41e2-912d-9f4e005f36cc",
    displayName: "A Policy With Questions",
    description: "",
    allowedTargetScope: "allMemberUsers",
    specificAllowedTargets: [],
    createdDateTime: "2022-09-30T20:32:07.1949218Z",
    modifiedDateTime: "2022-09-30T20:32:07.4173893Z",
    expiration: { type: "noExpiration", duration: null, endDateTime: null },
    requestorSettings: {
      enableTargetsToSelfAddAccess: true,
      enableTargetsToSelfUpdateAccess: true,
      enableTargetsToSelfRemoveAccess: true,
      allowCustomAssignmentSchedule: true,
      enableOnBehalfRequestorsToAddAccess: false,
      enableOnBehalfRequestorsToUpdateAccess: false,
      enableOnBehalfRequestorsToRemoveAccess: false,
      onBehalfRequestors: [],
    },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: true,
      isApprovalRequiredForUpdate: true,
      isRequestorJustificationRequired: true, // graph-types 2.43 only
      stages: [
        {
          durationBeforeAutomaticDenial: "P7D",
          isApproverJustificationRequired: false,
          isEscalationEnabled: false,
          durationBeforeEscalation: "PT0S",
          primaryApprovers: approvers,
          fallbackPrimaryApprovers: [],
          escalationApprovers: [],
          fallbackEscalationApprovers: [],
        },
      ],
    },
    questions: [
      {
        "@odata.type": "#microsoft.graph.accessPackageMultipleChoiceQuestion",
        id: "5a4b6e3c-1f2d-4e5f-8a9b-0c1d2e3f4a5b",
        sequence: 1,
        isRequired: true,
        isAnswerEditable: true,
        text: "What country are you working from?",
        localizations: [],
        isMultipleSelectionAllowed: false,
        choices: [
          { "@odata.type": "microsoft.graph.accessPackageAnswerChoice", actualValue: "KE", text: "Kenya", localizations: [] },
          { actualValue: "JP", text: "Japan", localizations: [{ languageCode: "ja-JP", text: "日本" }] },
        ],
      },
      {
        "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion",
        id: "6b5c7f4d-2a3e-4f6a-9b0c-1d2e3f4a5b6c",
        sequence: 2,
        isRequired: true,
        isAnswerEditable: true,
        text: "What do you do for work?",
        localizations: [{ languageCode: "fr-CA", text: "Que fais-tu comme travail?" }],
        isSingleLineQuestion: false,
        regexPattern: "[a-zA-Z]+[a-zA-Z\\s]*",
      },
    ],
  };
}

// --- Tests -----------------------------------------------------------------------------------------------

beforeAll(() => {
  getGraphResponseValidator(); // load once (disk cache after the first run), so timings below are per test
});

describe("loading", () => {
  it("loads and merges the six OpenAPI files and the graph-types model", () => {
    const v = getGraphResponseValidator();
    expect(v.openapi.files).toHaveLength(6);
    expect(Object.keys(v.openapi.paths).length).toBeGreaterThan(2000);
    expect(v.openapi.conflicts).toEqual([]);
    // The `on` parameter survived YAML parsing as a string (YAML 1.2 core schema), not `true`.
    const op = v.openapi.paths["/identityGovernance/entitlementManagement/assignmentRequests/microsoft.graph.filterByCurrentUser(on='{on}')"]?.get;
    expect(op?.parameters?.map((p) => p.name)).toEqual(["on"]);
    expect(graphSchemaLoadTimes()).toBeDefined();
  });
});

describe("valid bodies", () => {
  it("accepts an approval with stages (nullable complex property reviewedBy: null)", () => {
    expect(validateGraphResponse("GET", `${EM}/accessPackageAssignmentApprovals/abd306ef-f7b2-4a10-9fd1-493454322489`, 200, approval())).toEqual([]);
  });

  it("accepts an approval stage list and a single stage", () => {
    const stages = approval()["stages"] as unknown[];
    expect(validateGraphResponse("GET", `${EM}/accessPackageAssignmentApprovals/abd/stages`, 200, { value: stages })).toEqual([]);
    expect(validateGraphResponse("GET", `${EM}/accessPackageAssignmentApprovals/abd/stages/d4fa`, 200, stages[0])).toEqual([]);
  });

  it("accepts an assignment request with derived answer/question types, newer properties and assignment ids", () => {
    expect(validateGraphResponse("GET", `${EM}/assignmentRequests/7999249e?$expand=requestor,assignment`, 200, assignmentRequest())).toEqual([]);
    expect(validateGraphResponse("POST", `${EM}/assignmentRequests`, 201, assignmentRequest())).toEqual([]);
  });

  it("accepts a filterByCurrentUser collection, with or without the namespace prefix", () => {
    const body = { "@odata.context": "x", "@odata.nextLink": `https://graph.microsoft.com${EM}/assignmentRequests?$skiptoken=abc`, value: [assignmentRequest()] };
    expect(validateGraphResponse("GET", `${EM}/assignmentRequests/filterByCurrentUser(on='target')`, 200, body)).toEqual([]);
    expect(validateGraphResponse("GET", `${EM}/assignmentRequests/microsoft.graph.filterByCurrentUser(on='approver')?$top=5`, 200, body)).toEqual([]);
    expect(
      validateGraphResponse("GET", `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`, 200, { value: [approval()] }),
    ).toEqual([]);
  });

  it("accepts access review decisions with @odata.count and a derived identity", () => {
    expect(validateGraphResponse("GET", `${REVIEWS}/decisions`, 200, decisions())).toEqual([]);
  });

  it("accepts a policy assignment with expanded rules of every derived rule type", () => {
    const url = "https://graph.microsoft.com/v1.0/policies/roleManagementPolicyAssignments/Group_x_member?$expand=policy($expand=rules)";
    expect(validateGraphResponse("GET", url, 200, policyAssignmentWithRules())).toEqual([]);
  });

  it("accepts an assignment policy with question and subject set subtypes", () => {
    expect(validateGraphResponse("GET", `${EM}/assignmentPolicies/24e5711e?$expand=questions`, 200, policyWithQuestions())).toEqual([]);
  });

  it("accepts /me paths, directory objects of derived types and Graph errors", () => {
    const user = { "@odata.type": "#microsoft.graph.user", id: "1800bb2c", displayName: "Adele Vance", mail: "AdeleV@contoso.com", userPrincipalName: "AdeleV@contoso.com", businessPhones: [] };
    expect(validateGraphResponse("GET", "/v1.0/me/manager", 200, user)).toEqual([]);
    expect(validateGraphResponse("GET", "/v1.0/users/1800bb2c/sponsors", 200, { value: [user] })).toEqual([]);
    const error = {
      error: {
        code: "Request_ResourceNotFound",
        message: "Resource '1800bb2c' does not exist.",
        innerError: { date: "2024-10-01T10:00:00", "request-id": "6e4f0a1c", "client-request-id": "6e4f0a1c" },
      },
    };
    expect(validateGraphResponse("GET", "/v1.0/users/1800bb2c", 404, error)).toEqual([]);
  });

  it("accepts OData entity references from GET .../$ref (the descriptions say string)", () => {
    const single = { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity", "@odata.id": "https://graph.microsoft.com/v2/t/directoryObjects/m/Microsoft.DirectoryServices.User" };
    expect(validateGraphResponse("GET", "/v1.0/users/abc/manager/$ref", 200, single)).toEqual([]);
    expect(validateGraphResponse("GET", `${EM}/accessPackages/abc/incompatibleGroups/$ref`, 200, { value: [single] })).toEqual([]);
    expect(validateGraphResponse("GET", "/v1.0/users/abc/manager/$ref", 200, { id: "m" })).toHaveLength(1);
  });

  it("accepts empty bodies where Graph sends none", () => {
    expect(validateGraphResponse("POST", `${EM}/assignmentRequests/abc/cancel`, 200, undefined)).toEqual([]);
    expect(validateGraphResponse("PATCH", `${EM}/accessPackageAssignmentApprovals/abc/stages/def`, 204, "")).toEqual([]);
    expect(validateGraphResponse("DELETE", `${EM}/assignmentRequests/abc`, 204, undefined)).toEqual([]);
  });

  it("validates a named type directly", () => {
    expect(validateGraphType("microsoft.graph.approval", approval())).toEqual([]);
  });
});

describe("mismatches", () => {
  it("reports a property the type and its base types do not declare, with a suggestion", () => {
    const body = approval();
    (body["stages"] as Array<Record<string, unknown>>)[0]!["reviewResults"] = "NotReviewed";
    expectOneMismatch(
      validateGraphResponse("GET", `${EM}/accessPackageAssignmentApprovals/abd`, 200, body),
      "/stages/0/reviewResults",
      "unknown property 'reviewResults': not declared by microsoft.graph.approvalStage or its base types (microsoft.graph.entity)",
      "did you mean 'reviewResult'?",
    );
  });

  it("allows OData annotations but not other unknown keys on collections", () => {
    const body = { ...decisions(), "value@odata.nextLink": "x", "@odata.deltaLink": "y", count: 1 };
    expectOneMismatch(validateGraphResponse("GET", `${REVIEWS}/decisions`, 200, body), "/count", "unknown property 'count'");
  });

  it("reports an enum value outside the enum, naming the enum type", () => {
    const body = { value: [{ ...assignmentRequest(), state: "Delivered" }] };
    expectOneMismatch(
      validateGraphResponse("GET", `${EM}/assignmentRequests`, 200, body),
      "/value/0/state",
      "'Delivered' is not one of submitted, pendingApproval,",
      "unknownFutureValue",
      "did you mean 'delivered'? Enum values are case-sensitive",
      "microsoft.graph.accessPackageAssignmentRequest.state: microsoft.graph.accessPackageRequestState",
    );
  });

  it("reports wrong JSON types, including inside derived types from graph-types", () => {
    const body = policyAssignmentWithRules();
    const rules = (body["policy"] as Record<string, unknown>)["rules"] as Array<Record<string, unknown>>;
    rules[0]!["isExpirationRequired"] = "false";
    const mismatches = validateGraphResponse("GET", "/v1.0/policies/roleManagementPolicyAssignments/x", 200, body);
    expectOneMismatch(
      mismatches,
      "/policy/rules/0/isExpirationRequired",
      "expected boolean or null, got 'false'",
      "microsoft.graph.unifiedRoleManagementPolicyExpirationRule.isExpirationRequired",
    );
  });

  it("reports null for non-nullable properties and invalid date-times", () => {
    const body = { ...assignmentRequest(), id: null, createdDateTime: "2019-02-30T10:00:00Z" };
    const mismatches = validateGraphResponse("GET", `${EM}/assignmentRequests/x`, 200, body);
    expect(mismatches).toEqual([
      "/id: expected string, got null (microsoft.graph.entity.id)",
      "/createdDateTime: '2019-02-30T10:00:00Z' is not a valid date-time (microsoft.graph.accessPackageAssignmentRequest.createdDateTime)",
    ]);
  });

  it("reports an unknown @odata.type", () => {
    const body = policyWithQuestions();
    const stages = (body["requestApprovalSettings"] as Record<string, unknown>)["stages"] as Array<Record<string, unknown>>;
    stages[0]!["primaryApprovers"] = [{ "@odata.type": "#microsoft.graph.singleUserX", userId: "x" }];
    expectOneMismatch(
      validateGraphResponse("GET", `${EM}/assignmentPolicies/x`, 200, body),
      "/requestApprovalSettings/stages/0/primaryApprovers/0/@odata.type",
      "unknown @odata.type '#microsoft.graph.singleUserX'",
      "expected microsoft.graph.subjectSet or one of its derived types",
      "#microsoft.graph.singleUser",
    );
  });

  it("reports an @odata.type that does not derive from the declared type", () => {
    const body = { ...assignmentRequest(), requestor: { "@odata.type": "#microsoft.graph.user", id: "x" } };
    const mismatches = validateGraphResponse("GET", `${EM}/assignmentRequests/x`, 200, body);
    expectOneMismatch(mismatches, "/requestor/@odata.type", "is not microsoft.graph.accessPackageSubject or a type derived from it");
  });

  it("hints at a missing @odata.type when a derived type declares the property", () => {
    const body = policyWithQuestions();
    const stages = (body["requestApprovalSettings"] as Record<string, unknown>)["stages"] as Array<Record<string, unknown>>;
    stages[0]!["primaryApprovers"] = [{ userId: "08a551cb" }];
    expectOneMismatch(
      validateGraphResponse("GET", `${EM}/assignmentPolicies/x`, 200, body),
      "/requestApprovalSettings/stages/0/primaryApprovers/0/userId",
      "not declared by microsoft.graph.subjectSet",
      '#microsoft.graph.singleUser declares it: is "@odata.type" missing?',
    );
  });

  it("reports a body where none is allowed and a missing body", () => {
    expectOneMismatch(
      validateGraphResponse("POST", `${EM}/assignmentRequests/abc/cancel`, 200, { id: "abc" }),
      "/",
      "expected no response body",
    );
    expectOneMismatch(validateGraphResponse("GET", `${EM}/assignmentRequests/abc`, 200, undefined), "/", "expected a microsoft.graph.accessPackageAssignmentRequest response body");
  });

  it("reports a function argument outside its enum", () => {
    const mismatches = validateGraphResponse("GET", `${EM}/assignmentRequests/filterByCurrentUser(on='me')`, 200, { value: [] });
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]).toContain("on='me' is not one of target, createdBy, approver, unknownFutureValue");
  });
});

describe("paths", () => {
  it("reports undocumented paths and methods, and /beta separately", () => {
    const unknown = validateGraphResponse("GET", "/v1.0/identityGovernance/entitlementManagement/assignmentRequestz", 200, {});
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatch(new RegExp(`^${UNDOCUMENTED_PATH_MISMATCH}: no path template .* matches GET /identityGovernance/entitlementManagement/assignmentRequestz$`));

    const method = validateGraphResponse("PATCH", "/v1.0/users/abc/manager", 200, {});
    expect(method).toEqual([
      `${UNDOCUMENTED_PATH_MISMATCH}: /users/{user-id}/manager has no PATCH operation in the Graph v1.0 OpenAPI files (documented: GET)`,
    ]);
    expect(checkGraphResponse("PATCH", "/v1.0/users/abc/manager", 200, {}).outcome).toBe("undocumented-method");

    const beta = checkGraphResponse("GET", "/beta/identityGovernance/accessReviews/decisions/filterByCurrentUser(on='reviewer')", 200, {});
    expect(beta.outcome).toBe("beta");
    expect(beta.mismatches).toHaveLength(1);
    expect(beta.mismatches[0]?.startsWith(BETA_PATH_MISMATCH)).toBe(true);
  });

  it("matches templates with prefixes, actions, functions, /me and query strings", () => {
    expect(isDocumentedPath("POST", `${EM}/assignmentRequests/abc/cancel`)).toBe(true);
    expect(isDocumentedPath("POST", `${EM}/assignmentRequests/abc/microsoft.graph.cancel`)).toBe(true);
    expect(isDocumentedPath("GET", `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`)).toBe(true);
    expect(isDocumentedPath("GET", `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on=%27approver%27)`)).toBe(true);
    expect(isDocumentedPath("GET", "https://graph.microsoft.com/v1.0/me/sponsors?$select=id")).toBe(true);
    expect(isDocumentedPath("GET", "/me")).toBe(true);
    expect(isDocumentedPath("GET", `${EM}/assignmentRequests/abc/undocumentedFunction()`)).toBe(false);
    expect(isDocumentedPath("GET", `${EM}/assignmentRequests/filterByCurrentUser(who='me')`)).toBe(false);
    expect(isDocumentedPath("PUT", `${EM}/assignmentRequests/abc`)).toBe(false);
    expect(isDocumentedPath("GET", "/beta/me")).toBe(false);
    expect(isBetaPath("https://graph.microsoft.com/beta/me")).toBe(true);

    const result = checkGraphResponse("GET", `${EM}/accessPackageAssignmentApprovals/filterByCurrentUser(on='approver')`, 200, { value: [] });
    expect(result.template).toBe(
      "/identityGovernance/entitlementManagement/accessPackageAssignmentApprovals/microsoft.graph.filterByCurrentUser(on='{on}')",
    );
    expect(result.schemaName).toBe("inline");
  });
});

describe("request bodies", () => {
  it("accepts an assignment request carrying the assignment ids, and rejects string-typed booleans", () => {
    const request = {
      requestType: "userAdd",
      justification: "Need access",
      assignment: {
        accessPackageId: "977c7ff4-ef8f-4910-9d31-49048ddf3120",
        assignmentPolicyId: "87e1c7f7-c7f7-87e1-f7c7-e187f7c7e187",
        targetId: "1800bb2c-955d-4205-8471-3a6c3116435d",
      },
      answers: [
        {
          "@odata.type": "#microsoft.graph.accessPackageAnswerString",
          value: "Building AI prototypes",
          answeredQuestion: { id: "8fe745e7-80b2-490d-bd22-4e708c77288c" },
        },
      ],
    };
    expect(validateGraphRequestBody("POST", `${EM}/assignmentRequests`, request)).toEqual([]);
    // entitlementmanagement-post-assignmentpolicies example 4 sends "true" for booleans.
    const mismatches = validateGraphRequestBody("POST", `${EM}/assignmentPolicies`, {
      displayName: "A Policy With Questions",
      requestorSettings: { enableTargetsToSelfAddAccess: "true" },
    });
    expectOneMismatch(mismatches, "/requestorSettings/enableTargetsToSelfAddAccess", "expected boolean or null, got 'true'");
  });
});
