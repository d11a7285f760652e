/**
 * `serve`, what the plugin's executable runs when the engine starts it: the port on stdout is how the engine finds
 * the plugin, and the engine's address among the arguments is where `pulumi.log` messages go. A file of its own:
 * it sets PULUMI_NODEJS_ENGINE, which the Pulumi runtime of this test process must never have read.
 */
import { loadProtocol, serve, type ProviderServer } from "../../provider/plugin/server";

const protocol = loadProtocol();
const saved = { ...process.env };
let running: ProviderServer | undefined;
let listenersBefore: NodeJS.UnhandledRejectionListener[];
beforeEach(() => {
  delete process.env.PULUMI_NODEJS_ENGINE;
  listenersBefore = process.listeners("unhandledRejection");
});
afterEach(() => {
  running?.server.forceShutdown();
  running = undefined;
  for (const listener of process.listeners("unhandledRejection")) {
    if (!listenersBefore.includes(listener)) process.removeListener("unhandledRejection", listener);
  }
  process.env = { ...saved };
  jest.restoreAllMocks();
});

/** The text `serve` wrote on stdout, while it ran. */
async function served(args: string[]): Promise<string> {
  let written = "";
  jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  running = await serve(args);
  return written;
}

test("prints the port it serves on, where GetPluginInfo answers the package's version", async () => {
  const written = await served(["127.0.0.1:1"]);
  expect(written).toBe(`${running?.port}\n`);
  const client = new protocol.services.ResourceProviderClient(
    `127.0.0.1:${running?.port}`,
    protocol.grpc.credentials.createInsecure(),
  );
  try {
    const info = await new Promise<string>((resolve, reject) =>
      client.getPluginInfo(new protocol.empty.Empty(), (error, answer) =>
        error ? reject(error) : resolve(answer.getVersion()),
      ),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(info).toBe((require("../../package.json") as { version: string }).version);
  } finally {
    client.close();
  }
});

test("takes the engine's address from its arguments for pulumi.log, unless the environment already names one", async () => {
  await served(["--logtostderr", "-v=9", "127.0.0.1:4321"]);
  expect(process.env.PULUMI_NODEJS_ENGINE).toBe("127.0.0.1:4321");
  running?.server.forceShutdown();
  process.env.PULUMI_NODEJS_ENGINE = "127.0.0.1:1111";
  await served(["127.0.0.1:4321"]);
  expect(process.env.PULUMI_NODEJS_ENGINE).toBe("127.0.0.1:1111");
});

test("with no engine address among its arguments, sets none", async () => {
  await served(["--logtostderr"]);
  expect(process.env.PULUMI_NODEJS_ENGINE).toBeUndefined();
});

test("a log message the engine did not take is written on stderr rather than ending the plugin", async () => {
  await served(["127.0.0.1:1"]);
  const added = process.listeners("unhandledRejection").filter((listener) => !listenersBefore.includes(listener));
  expect(added).toHaveLength(1);
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  process.emit("unhandledRejection", new Error("the engine is gone"), Promise.resolve());
  process.emit("unhandledRejection", "no error object", Promise.resolve());
  expect(stderr.mock.calls.map(([chunk]) => String(chunk))).toEqual(["the engine is gone\n", "no error object\n"]);
});
