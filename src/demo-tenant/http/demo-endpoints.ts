import { z } from "zod";
import type { DemoTenant } from "../demo-tenant.js";
import { isIsoDuration } from "../clock/iso-duration.js";
import { faultRuleSchema, throttleSchema } from "../faults/fault-injector.js";
import { GraphError } from "./graph-error.js";
import type { RouteResult } from "./route.js";

const tokenBody = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("app") }),
  z.object({ kind: z.literal("user"), userId: z.string().min(1), audience: z.string().optional() }),
]);

const clockBody = z
  .object({
    advance: z.string().refine(isIsoDuration, "advance must be an ISO 8601 duration such as PT3H or P2D").optional(),
    set: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "set must be an ISO 8601 date-time").optional(),
    frozen: z.boolean().optional(),
    reset: z.literal(true).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Send one of advance, set, frozen or reset.");

const faultsBody = z.object({
  rules: z.array(faultRuleSchema).default([]),
  throttle: throttleSchema.nullable().optional(),
  replace: z.boolean().default(false),
});

function parse<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    throw GraphError.badRequest(`Invalid demo helper request. ${detail}`);
  }
  return result.data;
}

/**
 * The demo-only helpers under `/_demo`: tokens for tests and scripts, the demo clock, fault injection
 * and reset. They exist only on the emulator; the bot's production code never calls them.
 */
export function handleDemoEndpoint(tenant: DemoTenant, method: string, path: string, body: unknown): RouteResult {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /_demo":
      return { status: 200, body: tenant.describe() };
    case "POST /_demo/token": {
      const request = parse(tokenBody, body);
      if (request.kind === "app") return { status: 200, body: { access_token: tenant.mintAppToken(), token_type: "Bearer", expires_in: tenant.signer.expiresIn } };
      const user = tenant.state.users.get(request.userId);
      if (!user) throw GraphError.notFound(`No user with id '${request.userId}' in the demo tenant.`, "Request_ResourceNotFound");
      return { status: 200, body: { access_token: tenant.mintUserToken(user.id, request.audience), token_type: "Bearer", expires_in: tenant.signer.expiresIn } };
    }
    case "GET /_demo/clock":
      return { status: 200, body: tenant.clockState() };
    case "POST /_demo/clock": {
      const request = parse(clockBody, body);
      if (request.reset) tenant.clock.reset();
      if (request.frozen === true) tenant.clock.freeze();
      if (request.frozen === false) tenant.clock.unfreeze();
      if (request.set) {
        const target = new Date(request.set);
        if (target.getTime() < tenant.clock.nowMs()) {
          throw GraphError.badRequest("The demo clock cannot go back: lifecycle events already happened. Use POST /_demo/reset to start over.");
        }
        tenant.clock.set(target);
      }
      if (request.advance) tenant.clock.advance(request.advance);
      tenant.catchUp();
      tenant.changed();
      return { status: 200, body: tenant.clockState() };
    }
    case "GET /_demo/faults":
      return { status: 200, body: tenant.faults.describe() };
    case "POST /_demo/faults": {
      const request = parse(faultsBody, body);
      if (request.replace) tenant.faults.clear();
      tenant.faults.add(request.rules);
      if (request.throttle !== undefined) tenant.faults.setThrottle(request.throttle);
      return { status: 200, body: tenant.faults.describe() };
    }
    case "DELETE /_demo/faults":
      tenant.faults.clear();
      return { status: 204 };
    case "POST /_demo/reset":
      tenant.reset();
      return { status: 200, body: tenant.describe() };
    default:
      throw GraphError.notFound(`No demo helper '${route}'. See the README's demo tenant section for /_demo/token, /_demo/clock, /_demo/faults and /_demo/reset.`);
  }
}
