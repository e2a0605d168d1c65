import { describe, expect, it } from "vitest";
import { DeliveryError, deliveryCodeOf, parseRetryAfter } from "../../../src/use-cases/nudges/delivery-error.js";
import { toDeliveryError } from "../../../src/teams/proactive-notifier.js";

/** What botbuilder's connector client throws: core-rest-pipeline's RestError, with Teams' error code. */
function restError(statusCode: number | undefined, code: string | undefined, headers: Record<string, string> = {}): Error {
  const error = new Error("injected") as Error & Record<string, unknown>;
  error.name = "RestError";
  error.statusCode = statusCode;
  error.code = code;
  error.response = { status: statusCode, headers: { get: (name: string) => headers[name.toLowerCase()] } };
  return error;
}

describe("DeliveryError", () => {
  it("maps the connector's status to what a sender does next", () => {
    expect(deliveryCodeOf(429)).toBe("Throttled");
    expect(deliveryCodeOf(403)).toBe("Blocked");
    expect(deliveryCodeOf(404)).toBe("NotFound");
    expect(deliveryCodeOf(400)).toBe("Rejected");
    for (const status of [412, 500, 502, 503, 504, null]) expect(deliveryCodeOf(status)).toBe("Unavailable");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3);
    expect(parseRetryAfter("0.5")).toBe(0.5);
    expect(parseRetryAfter("Mon, 02 Mar 2026 17:00:10 GMT", Date.parse("2026-03-02T17:00:00Z"))).toBe(10);
    expect(parseRetryAfter("Mon, 02 Mar 2026 16:00:00 GMT", Date.parse("2026-03-02T17:00:00Z"))).toBe(0);
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });

  it("says which failures a later try may overcome", () => {
    expect(new DeliveryError("Throttled", "x").isTransient).toBe(true);
    expect(new DeliveryError("Unavailable", "x").isTransient).toBe(true);
    expect(new DeliveryError("Blocked", "x").isTransient).toBe(false);
    expect(new DeliveryError("Unreachable", "x").isTransient).toBe(false);
  });
});

describe("reading botbuilder's failures", () => {
  it("keeps the status, Teams' code and the Retry-After of a RestError", () => {
    const throttled = toDeliveryError(restError(429, "Throttled", { "retry-after": "2" }), "send");
    expect(throttled).toMatchObject({ code: "Throttled", status: 429, retryAfterSeconds: 2, connectorCode: "Throttled" });
    const blocked = toDeliveryError(restError(403, "MessageWritesBlocked"), "send");
    expect(blocked).toMatchObject({ code: "Blocked", status: 403, retryAfterSeconds: null, connectorCode: "MessageWritesBlocked" });
    expect(blocked.message).toContain("403");
    expect(blocked.cause).toBeInstanceOf(Error);
  });

  it("treats no answer as unavailable and a bug of ours as unexpected", () => {
    expect(toDeliveryError(restError(undefined, "ECONNREFUSED"), "send").code).toBe("Unavailable");
    expect(toDeliveryError(Object.assign(new Error("connect ECONNRESET"), { code: "ECONNRESET" }), "send").code).toBe("Unavailable");
    expect(toDeliveryError(new TypeError("Cannot read properties of undefined"), "send").code).toBe("Unexpected");
    const same = new DeliveryError("NotFound", "gone");
    expect(toDeliveryError(same, "send")).toBe(same);
  });
});
