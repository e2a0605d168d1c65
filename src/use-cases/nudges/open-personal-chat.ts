import { GovernanceError } from "../../governance/governance-error.js";
import { DeliveryError } from "./delivery-error.js";
import type { AppInstaller, AppInstallation, PersonalChat, PersonalChats } from "./personal-chats.js";
import type { RateLimiter } from "./rate-limiter.js";

/** A chat opened with someone the bot had never talked to. */
export interface OpenedChat {
  chat: PersonalChat;
  installation: AppInstallation;
}

// Graph failures a later pass may overcome; any other means this person cannot be reached for now.
const TRANSIENT_GRAPH = new Set(["Throttled", "Unavailable", "Timeout", "Unexpected"]);

/**
 * Reaches someone who never opened the bot: installs its Teams app for them through Graph (already
 * installed is fine), then opens the 1:1 conversation with the Bot Framework and stores it. Opening a
 * conversation counts against the connector's limits, so it takes a slot of the tenant's ceiling.
 *
 * Throws `DeliveryError`: `Unreachable` when a retry will not help soon (the app is not in the catalog,
 * Graph or Teams refused for this person), a transient code (`Throttled`, `Unavailable`) otherwise.
 */
export async function openPersonalChat(userId: string, chats: PersonalChats, installer: AppInstaller | null, limiter: RateLimiter): Promise<OpenedChat> {
  if (installer === null) {
    throw new DeliveryError("Unreachable", "They never opened Gatepass in Teams, and installing it for them is not set up (TEAMS_APP_ID).");
  }
  let installation: AppInstallation;
  try {
    installation = await installer.installFor(userId);
  } catch (error) {
    throw installFailure(error);
  }
  await limiter.acquire();
  try {
    return { chat: await chats.openChat(userId), installation };
  } catch (error) {
    if (error instanceof DeliveryError && error.isTransient) throw error;
    const detail = error instanceof DeliveryError ? `${error.status ?? "no answer"} ${error.connectorCode ?? error.code}` : String(error);
    throw new DeliveryError("Unreachable", `Gatepass is installed for them, but Teams refused to open a chat (${detail}).`, error instanceof DeliveryError ? error : {}, { cause: error });
  }
}

function installFailure(error: unknown): DeliveryError {
  if (error instanceof GovernanceError) {
    const details = { status: error.details.status ?? null, retryAfterSeconds: error.details.retryAfterSeconds ?? null, connectorCode: error.details.graphCode ?? null };
    if (TRANSIENT_GRAPH.has(error.code)) {
      return new DeliveryError(error.code === "Throttled" ? "Throttled" : "Unavailable", `Installing Gatepass for them failed for now: ${error.message}`, details, { cause: error });
    }
    return new DeliveryError("Unreachable", `Installing Gatepass for them failed (${error.code}): ${error.message}`, details, { cause: error });
  }
  return new DeliveryError("Unavailable", `Installing Gatepass for them failed: ${(error as Error)?.message ?? String(error)}`, {}, { cause: error });
}
