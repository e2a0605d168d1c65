import Module from "node:module";

/**
 * teams-ai's Application loads botbuilder-dialogs (for its sign-in prompts), which requires Microsoft's
 * Recognizers-Text suites at load time for its choice, number, date and confirm prompts: about 10 MB of
 * source, 15 MB of heap and 27 MB resident that Gatepass never uses (it runs no such prompt). Once this
 * has run, a `require` of one of those packages returns a stand-in that loads the real package the
 * first time anything of it is read, so a prompt that does run still gets the real recognizers.
 *
 * Two reads are answered without loading, because botbuilder-dialogs makes them while it loads:
 * `__esModule` (true for all four, as their own builds say; TypeScript's `__importStar` asks it) and the
 * suite's `Culture` names (the same strings in the small base package, which the suite re-exports).
 * Anything else reads the real package. It must run before teams-ai is first loaded.
 */
export function deferUnusedRecognizers(): void {
  if (installed) return;
  installed = true;
  const withLoad = Module as unknown as { _load: Load };
  const load = withLoad._load;
  withLoad._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
    if (!DEFERRED.has(request)) return load.call(this, request, parent, isMain);
    let real: object | undefined;
    const loadReal = () => (real ??= load.call(this, request, parent, isMain) as object);
    const early = new Map<PropertyKey, () => unknown>([["__esModule", () => true]]);
    if (request === SUITE) {
      early.set("Culture", () => {
        try {
          return (load.call(this, BASE, parent, false) as { Culture?: unknown }).Culture ?? Reflect.get(loadReal(), "Culture");
        } catch {
          return Reflect.get(loadReal(), "Culture");
        }
      });
    }
    return new Proxy(
      {},
      {
        get: (_target, key) => {
          const answer = real === undefined ? early.get(key) : undefined;
          return answer ? answer() : Reflect.get(loadReal(), key);
        },
        has: (_target, key) => Reflect.has(loadReal(), key),
        ownKeys: () => Reflect.ownKeys(loadReal()),
        // Reported configurable: the stand-in itself holds none of them (a proxy invariant).
        getOwnPropertyDescriptor: (_target, key) => {
          const descriptor = Reflect.getOwnPropertyDescriptor(loadReal(), key);
          return descriptor && { ...descriptor, configurable: true };
        },
        set: (_target, key, value) => Reflect.set(loadReal(), key, value),
      },
    );
  };
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

const SUITE = "@microsoft/recognizers-text-suite";
const BASE = "@microsoft/recognizers-text";
const DEFERRED = new Set([SUITE, "@microsoft/recognizers-text-number", "@microsoft/recognizers-text-choice", "@microsoft/recognizers-text-date-time"]);
let installed = false;

deferUnusedRecognizers();
