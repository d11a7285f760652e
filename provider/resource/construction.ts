/**
 * How the Node SDK's stack captures behave while an {@link OrganizationMemberEmail} is constructed: two
 * workarounds, set up before `super()` and undone after it.
 *
 * 1. The SDK's `debuggablePromise` (`runtime/debuggable.js`) stores `new Error().stack` on every promise
 *    it tracks, whether or not anyone debugs promise leaks: the stacks are printed only when
 *    `PULUMI_DEBUG_PROMISE_LEAKS` is set. The constructor makes about four such promises per declared
 *    property (`transferProperties`), and this resource declares 15: some 60 stacks a binding, taken and
 *    formatted (by source-map-support too, under ts-node) for nothing, about 0.8 s of CPU per 1000
 *    bindings in the benchmark's inline program. `Error.stackTraceLimit` is 0 meanwhile, unless the user
 *    debugs leaks.
 * 2. The SDK takes the resource's `sourcePosition` (`Resource.callsites`, which sets its own limit, so
 *    the first workaround leaves it alone) a fixed number of frames below its own constructors. A dynamic
 *    resource's subclass is one frame deeper than it expects, so every binding's position named this
 *    package's `super()` line. The frame of the subclass's constructor is left out of the stacks taken
 *    meanwhile, so the position names the program line that constructed the binding.
 */

/** Whether the program debugs promise leaks: the Node SDK reads `PULUMI_DEBUG_PROMISE_LEAKS` the same way (any non-empty value). */
function debuggingPromiseLeaks(): boolean {
  return Boolean(process.env.PULUMI_DEBUG_PROMISE_LEAKS);
}

/** What {@link enterConstruction} changed, to undo once `super()` returns or throws. */
export interface Construction {
  /** Whether stacks were turned off: an error thrown meanwhile has no frames of its own. */
  readonly withoutStacks: boolean;
  /** Puts `Error.stackTraceLimit` and `Error.prepareStackTrace` back as they were. */
  restore(): void;
}

/**
 * Sets up the stack captures for the `super()` call of the constructor defined in `constructorFile`
 * (its compiled file, as stack frames name it).
 */
export function enterConstruction(constructorFile: string): Construction {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const withoutStacks = !debuggingPromiseLeaks();
  if (withoutStacks) Error.stackTraceLimit = 0;
  Error.prepareStackTrace = (error, frames) => {
    const kept = frames.filter((frame) => !(frame.isConstructor() && frame.getFileName() === constructorFile));
    // Another formatter (source-map-support under ts-node) keeps its say; without one, V8's own format.
    return prepareStackTrace
      ? prepareStackTrace(error, kept)
      : [String(error), ...kept.map((frame) => `    at ${String(frame)}`)].join("\n");
  };
  return {
    withoutStacks,
    restore: () => {
      Error.stackTraceLimit = stackTraceLimit;
      Error.prepareStackTrace = prepareStackTrace;
    },
  };
}
