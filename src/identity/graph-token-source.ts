/** Gives Graph access tokens for one identity: the app itself, or one person (delegated). */
export interface GraphTokenSource {
  /** Who the tokens speak for, for logs and audit (`app` or the person's object id). */
  readonly principal: string;
  readonly kind: "app" | "user";
  getToken(): Promise<string>;
}

/**
 * Why a delegated token could not be had: the person has to sign in (consent) first. Teams handlers
 * turn this into a sign-in card; everything else reports it as a plain sentence.
 */
export class SignInRequiredError extends Error {
  override readonly name = "SignInRequiredError";
  readonly code = "SignInRequired";
  constructor(readonly userId: string, cause?: unknown) {
    super("Sign in to Gatepass first: it acts for you in Entra, so it needs your consent once.", { cause });
  }
}
