import type { RoutePermissions } from "../../http/route.js";

/** Where Graph's access review routes start. */
export const REVIEWS = "/identityGovernance/accessReviews/definitions";
export const INSTANCE = `${REVIEWS}/{definitionId}/instances/{instanceId}`;

const READ_SCOPES = ["AccessReview.Read.All", "AccessReview.ReadWrite.All"] as const;
const WRITE_SCOPES = ["AccessReview.ReadWrite.All"] as const;

/** Reading definitions, instances, decisions and contacted reviewers: app or delegated. */
export const READ_REVIEWS: RoutePermissions = { app: READ_SCOPES, user: READ_SCOPES };
/** `filterByCurrentUser(on='reviewer')`: there is no current user in an app-only call. */
export const READ_MY_REVIEWS: RoutePermissions = { app: null, user: READ_SCOPES };
/** Recording decisions is a reviewer's own act: delegated only. */
export const DECIDE_REVIEWS: RoutePermissions = { app: null, user: WRITE_SCOPES };
/** Admin actions on an instance (sendReminder, stop, applyDecisions, resetDecisions): app or delegated. */
export const MANAGE_REVIEWS: RoutePermissions = { app: WRITE_SCOPES, user: WRITE_SCOPES };
