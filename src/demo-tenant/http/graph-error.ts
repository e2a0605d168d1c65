/**
 * An error the emulator answers with, in Graph's shape: `{error:{code,message,innerError}}`.
 * Handlers throw it; the server turns it into the HTTP response, so every route fails the same way.
 */
export class GraphError extends Error {
  override readonly name = "GraphError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  static badRequest(message: string, code = "BadRequest"): GraphError {
    return new GraphError(400, code, message);
  }
  static notFound(message: string, code = "ResourceNotFound"): GraphError {
    return new GraphError(404, code, message);
  }
  static forbidden(message: string, code = "Authorization_RequestDenied"): GraphError {
    return new GraphError(403, code, message);
  }
  static conflict(message: string, code = "Conflict"): GraphError {
    return new GraphError(409, code, message);
  }
  static unauthorized(message: string): GraphError {
    return new GraphError(401, "InvalidAuthenticationToken", message);
  }
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

/** Graph stamps every error with the request ids and the server's time (no milliseconds). */
export function toGraphErrorBody(
  error: GraphError,
  requestId: string,
  clientRequestId: string,
  now: Date,
): GraphErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
        "request-id": requestId,
        "client-request-id": clientRequestId,
      },
    },
  };
}
