/**
 * Raised for any malformed OData query option or function segment. Route
 * handlers should turn it into Graph's 400 BadRequest error shape; the message
 * is written to be shown to the developer as-is.
 */
export class ODataSyntaxError extends Error {
  static {
    // Set on the prototype rather than as a field so the stack trace, which
    // is captured inside the Error constructor, already carries the name.
    ODataSyntaxError.prototype.name = "ODataSyntaxError";
  }

  /** The query option or construct that failed, e.g. "$filter". */
  readonly option: string | undefined;
  /** The problem without the "Invalid $filter:" prefix, so callers can re-wrap it. */
  readonly reason: string;
  /** Zero-based character offset into the text that was parsed, when known. */
  readonly position: number | undefined;
  /** Advice on what to write instead, when there is an obvious fix. */
  readonly hint: string | undefined;

  constructor(
    message: string,
    details: { option?: string; reason?: string; position?: number; hint?: string } = {},
  ) {
    super(message);
    this.option = details.option;
    this.reason = details.reason ?? message;
    this.position = details.position;
    this.hint = details.hint;
  }

  /**
   * Builds the standard sentence "Invalid $filter: <reason> at position N." so
   * every parser reports errors the same way. `hint` is appended as its own
   * sentence because it usually tells the developer what to write instead.
   */
  static invalid(option: string, reason: string, position?: number, hint?: string): ODataSyntaxError {
    const where = position === undefined ? "" : ` at position ${position}`;
    const tail = hint === undefined ? "" : ` ${hint}`;
    return new ODataSyntaxError(`Invalid ${option}: ${reason}${where}.${tail}`, {
      option,
      reason,
      ...(position === undefined ? {} : { position }),
      ...(hint === undefined ? {} : { hint }),
    });
  }
}
