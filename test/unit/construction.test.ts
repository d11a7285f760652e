import { enterConstruction } from "../../provider/resource/construction";

/** A class whose constructor takes a stack while constructing, as the SDK's constructors do under `super()`. */
class Binding {
  readonly stack: string;
  constructor(constructorFile: string) {
    const construction = enterConstruction(constructorFile);
    try {
      this.stack = new Error("probe").stack ?? "";
    } finally {
      construction.restore();
    }
  }
}

/** The program line that constructs a binding. */
function programLine(constructorFile: string): string {
  return new Binding(constructorFile).stack;
}

/** A stack formatter as V8 calls it; Node's typings leave out that there may be none. */
type Formatter = ((error: Error, frames: NodeJS.CallSite[]) => unknown) | undefined;
const errorClass: { prepareStackTrace?: Formatter } = Error;

/** Runs `body` with leak debugging on (stacks kept) and with `formatter` as Error.prepareStackTrace. */
function withStacks<T>(formatter: Formatter, body: () => T): T {
  const { prepareStackTrace } = errorClass;
  const debug = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
  errorClass.prepareStackTrace = formatter;
  try {
    return body();
  } finally {
    errorClass.prepareStackTrace = prepareStackTrace;
    if (debug === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = debug;
  }
}

describe("stacks taken while a binding is constructed", () => {
  test("leave out the binding's constructor, so the first frame is the program line that constructed it", () => {
    const stack = withStacks(undefined, () => programLine(__filename));
    const frames = stack.split("\n");
    expect(frames[0]).toBe("Error: probe");
    expect(frames[1]).toMatch(/^ {4}at programLine \(.*construction\.test\.ts:\d+:\d+\)$/);
    expect(stack).not.toContain("new Binding");
  });

  test("keep the constructors of other files, and every frame that is no constructor", () => {
    const stack = withStacks(undefined, () => programLine("/elsewhere/resource.js"));
    expect(stack.split("\n")[1]).toMatch(/^ {4}at new Binding \(.*construction\.test\.ts:\d+:\d+\)$/);
    expect(stack).toMatch(/\n {4}at programLine \(/);
  });

  test("go through the formatter the program installed (source-map-support under ts-node), given the kept frames", () => {
    const formatted: string[][] = [];
    const formatter = (error: Error, frames: NodeJS.CallSite[]): string => {
      formatted.push(frames.map((frame) => String(frame.getFunctionName())));
      return `formatted ${error.message}`;
    };
    expect(withStacks(formatter, () => programLine(__filename))).toBe("formatted probe");
    expect(formatted[0]?.[0]).toBe("programLine");
  });

  test("have no frames unless the program debugs promise leaks", () => {
    const debug = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    try {
      const construction = enterConstruction(__filename);
      const stack = new Error("probe").stack;
      construction.restore();
      expect(construction.withoutStacks).toBe(true);
      expect(stack).not.toContain("\n");
    } finally {
      if (debug !== undefined) process.env.PULUMI_DEBUG_PROMISE_LEAKS = debug;
    }
  });
});
