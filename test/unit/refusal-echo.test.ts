import { withoutHostEcho } from "../../provider/resource/refusal-echo";

// What reaches console.error past the filter: recorded here, since jest's console buffers what it is given.
const printed: string[] = [];
const jestConsoleError = console.error;
beforeAll(() => {
  console.error = (...args: unknown[]) => printed.push(args.map(String).join(" "));
});
afterAll(() => {
  console.error = jestConsoleError;
});
beforeEach(() => {
  printed.length = 0;
});

describe("withoutHostEcho", () => {
  test("drops the dynamic-provider host's print of a marked error, as the host prints it, and nothing else", () => {
    const refusal = withoutHostEcho(new Error("The email of member 100000000001 would change"));
    // What @pulumi/pulumi/cmd/dynamic-provider does with an error thrown from diff, then other prints.
    console.error(`${refusal}: ${refusal.stack}`);
    console.error(`${refusal}: ${refusal.stack}`);
    console.error("another message");
    expect(printed).toEqual([`${refusal}: ${refusal.stack}`, "another message"]);
  });

  test("drops nothing once the turn of the event loop in which the error was thrown is over", async () => {
    const refusal = withoutHostEcho(new Error("refused"));
    await new Promise((resolve) => setImmediate(resolve));
    console.error(`${refusal}: ${refusal.stack}`);
    expect(printed).toHaveLength(1);
  });
});
