/**
 * The native Pulumi provider plugin `pulumi-resource-tencentcloud-member-email` (its executable is
 * bin/pulumi-resource-tencentcloud-member-email, the package's npm `bin`, which calls `serve`): the engine's
 * provider protocol served over `@grpc/grpc-js` with the protos `@pulumi/pulumi` ships, each call handed to
 * the native provider (native-provider.ts) as plain property bags.
 *
 * Why not `@pulumi/pulumi/provider`'s `main`: its server answers Configure without reading the arguments
 * and CheckConfig and DiffConfig as unimplemented, so every explicit provider would be served with the
 * default one's settings, and a bad setting would pass the preview; its server class is not exported, so
 * its methods cannot be extended without patching grpc-js. Serving the dozen calls a resource provider needs
 * takes this one module; the calls it does not serve (Construct, Call, Invoke, ...) answer UNIMPLEMENTED.
 *
 * Everything is loaded when `serve` runs, not when this file is: the runtime must know the engine's
 * address before `@pulumi/pulumi` builds its settings, so that `pulumi.log` messages (adoption, reminders,
 * the warning of delete) reach the user's terminal as the dynamic provider's do.
 * @packageDocumentation
 */
import { createRequire } from "node:module";
import type * as grpcApi from "@grpc/grpc-js";
import type * as structApi from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyApi from "google-protobuf/google/protobuf/empty_pb";
import type * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type * as providerServices from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { NativeProvider } from "./native-provider";
import type { PropertyBag } from "./secrets";
import type { InputChange } from "../resource/change-note";

/** The modules the server needs, as `@pulumi/pulumi` loads them (one grpc-js, one google-protobuf). */
export interface Protocol {
  /** `@grpc/grpc-js`, the one the generated service was made with. */
  readonly grpc: typeof grpcApi;
  /** google-protobuf's `Struct`, the engine's property bags. */
  readonly struct: typeof structApi;
  /** google-protobuf's `Empty`. */
  readonly empty: typeof emptyApi;
  /** The plugin protocol's messages (`PluginInfo`). */
  readonly plugin: typeof pluginProto;
  /** The provider protocol's messages. */
  readonly provider: typeof providerProto;
  /** The provider protocol's service definition. */
  readonly services: typeof providerServices;
}

/**
 * The protocol's modules, required from where `@pulumi/pulumi` is installed: grpc-js and google-protobuf are
 * its dependencies, not this package's, and the generated service must be served by the grpc-js it was
 * made with.
 */
export function loadProtocol(): Protocol {
  const load = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb"));
  return {
    grpc: load("@grpc/grpc-js") as typeof grpcApi,
    struct: load("google-protobuf/google/protobuf/struct_pb") as typeof structApi,
    empty: load("google-protobuf/google/protobuf/empty_pb") as typeof emptyApi,
    plugin: load("./plugin_pb") as typeof pluginProto,
    provider: load("./provider_pb") as typeof providerProto,
    services: load("./provider_grpc_pb") as typeof providerServices,
  };
}

/** The engine's address among the plugin's arguments: the first that is not a flag (`--logtostderr`, `-v=9`, `--tracing X`). */
export function engineAddress(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    if (args[index] === "--tracing") index++;
    else if (!args[index].startsWith("-")) return args[index];
  }
  return undefined;
}

/** A message of the engine as a plain property bag (`{}` when absent). */
function bag(struct: structApi.Struct | undefined): PropertyBag {
  return struct ? (struct.toJavaScript() as PropertyBag) : {};
}

/** The handlers of the engine's calls over `provider`, each answering the protocol's message. */
function handlers(provider: NativeProvider, protocol: Protocol): Partial<providerServices.IResourceProviderServer> {
  const { grpc, struct, empty, plugin, provider: proto } = protocol;
  /** A property bag as the protocol's Struct; properties without a value are left out, as JSON leaves them. */
  const toStruct = (properties: PropertyBag | undefined): structApi.Struct =>
    struct.Struct.fromJavaScript(
      JSON.parse(JSON.stringify(properties ?? {})) as Record<string, structApi.JavaScriptValue>,
    );
  /** A unary handler: the answer of `handle`, or its error's message with status UNKNOWN, as the engine shows it. */
  const unary =
    <Request, Response>(
      handle: (request: Request) => Promise<Response> | Response,
    ): grpcApi.handleUnaryCall<Request, Response> =>
    (call, callback) => {
      Promise.resolve()
        .then(() => handle(call.request))
        .then(
          (response) => callback(null, response),
          (error: unknown) =>
            callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) }),
        );
    };
  const checkResponse = (answer: {
    inputs: PropertyBag;
    failures: readonly { property: string; reason: string }[];
  }) => {
    const response = new proto.CheckResponse();
    response.setInputs(toStruct(answer.inputs));
    response.setFailuresList(
      answer.failures.map((failure) => {
        const item = new proto.CheckFailure();
        item.setProperty(failure.property);
        item.setReason(failure.reason);
        return item;
      }),
    );
    return response;
  };
  const changes = (changed: boolean | undefined) =>
    changed === undefined
      ? proto.DiffResponse.DiffChanges.DIFF_UNKNOWN
      : changed
        ? proto.DiffResponse.DiffChanges.DIFF_SOME
        : proto.DiffResponse.DiffChanges.DIFF_NONE;

  const propertyDiffKind = (change: InputChange) =>
    change === "replace" ? proto.PropertyDiff.Kind.UPDATE_REPLACE : proto.PropertyDiff.Kind.UPDATE;

  return {
    getPluginInfo: unary(() => new plugin.PluginInfo().setVersion(provider.version)),
    getSchema: unary((request: providerProto.GetSchemaRequest) => {
      if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
      return new proto.GetSchemaResponse().setSchema(provider.getSchema());
    }),
    checkConfig: unary(async (request: providerProto.CheckRequest) =>
      checkResponse(await provider.checkConfig(request.getUrn(), bag(request.getOlds()), bag(request.getNews()))),
    ),
    diffConfig: unary((request: providerProto.DiffRequest) => {
      // The inputs the provider was last given, when the engine sends them; its outputs, which are the same, else.
      const olds = request.getOldInputs() ?? request.getOlds();
      const diff = provider.diffConfig(request.getUrn(), bag(olds), bag(request.getNews()));
      return new proto.DiffResponse().setChanges(changes(diff.changes)).setDiffsList(diff.diffs);
    }),
    configure: unary((request: providerProto.ConfigureRequest) => {
      // The protocol answers an unset URN as "": then the provider's name, which says as well whether it is a default one.
      // Stryker disable next-line StringLiteral: a provider named neither way is an explicit one, whatever the text
      provider.configure(request.getUrn() || request.getName() || "", bag(request.getArgs()));
      // Secrets arrive in their envelopes, and the provider puts them back on what it answers. No preview
      // of Create and Update, no resource references or output values: the plugin needs none of them.
      return new proto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setSupportspreview(false)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
    }),
    check: unary(async (request: providerProto.CheckRequest) =>
      checkResponse(await provider.check(request.getUrn(), bag(request.getOlds()), bag(request.getNews()))),
    ),
    diff: unary(async (request: providerProto.DiffRequest) => {
      const diff = await provider.diff(
        request.getId(),
        request.getUrn(),
        bag(request.getOlds()),
        bag(request.getNews()),
      );
      const response = new proto.DiffResponse()
        .setChanges(changes(diff.changes))
        .setReplacesList(diff.replaces ? [...diff.replaces] : [])
        .setStablesList(diff.stables ? [...diff.stables] : [])
        .setDeletebeforereplace(diff.deleteBeforeReplace ?? false);
      // Without a detailed diff the engine compares the inputs itself, and secret ones only as `[secret]`:
      // `pulumi preview --diff` could not say which of email and phone changes.
      const detailed = response.getDetaileddiffMap();
      for (const [property, change] of Object.entries(diff.changedInputs)) {
        detailed.set(property, new proto.PropertyDiff().setKind(propertyDiffKind(change)).setInputdiff(true));
      }
      return response.setHasdetaileddiff(true);
    }),
    create: unary(async (request: providerProto.CreateRequest) => {
      const made = await provider.create(request.getUrn(), bag(request.getProperties()));
      return new proto.CreateResponse().setId(made.id).setProperties(toStruct(made.outs));
    }),
    read: unary(async (request: providerProto.ReadRequest) => {
      const read = await provider.read(
        request.getId(),
        request.getUrn(),
        bag(request.getProperties()),
        bag(request.getInputs()),
      );
      const response = new proto.ReadResponse().setId(read.id).setProperties(toStruct(read.props));
      return read.inputs === undefined ? response : response.setInputs(toStruct(read.inputs));
    }),
    update: unary(async (request: providerProto.UpdateRequest) => {
      const updated = await provider.update(
        request.getId(),
        request.getUrn(),
        bag(request.getOlds()),
        bag(request.getNews()),
      );
      return new proto.UpdateResponse().setProperties(toStruct(updated.outs));
    }),
    delete: unary(async (request: providerProto.DeleteRequest) => {
      await provider.delete(request.getId(), request.getUrn(), bag(request.getProperties()));
      return new empty.Empty();
    }),
    cancel: unary(() => new empty.Empty()),
    attach: unary(() => new empty.Empty()),
  };
}

/** A server of the provider protocol, listening. */
export interface ProviderServer {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** The grpc-js server, to shut down. */
  readonly server: grpcApi.Server;
}

/**
 * Serves `provider` over the engine's provider protocol on a free port of 127.0.0.1: what `serve` starts for
 * the engine, and what tests call in-process.
 */
export async function listen(provider: NativeProvider, protocol: Protocol = loadProtocol()): Promise<ProviderServer> {
  const server = new protocol.grpc.Server();
  server.addService(
    protocol.services.ResourceProviderService,
    handlers(provider, protocol) as grpcApi.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", protocol.grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return { port, server };
}

/**
 * Serves the plugin until the engine ends it: `args` are the engine's (its address among them). Prints the
 * port it listens on, which is how the engine finds it. Also the engine's address for `pulumi.log`, which
 * the runtime reads from PULUMI_NODEJS_ENGINE when it first builds its settings.
 *
 * `load` answers the protocol's modules once that address is set: by default from where `@pulumi/pulumi`
 * is installed; the single executable (`npm run package:plugin`) passes the copies bundled into it, since
 * it has no node_modules to resolve them from. Answers the server, which the engine ends by ending the process.
 */
export async function serve(args: readonly string[], load: () => Protocol = loadProtocol): Promise<ProviderServer> {
  const engine = engineAddress(args);
  if (engine && !process.env.PULUMI_NODEJS_ENGINE) process.env.PULUMI_NODEJS_ENGINE = engine;
  // A log message the engine did not take must not end the plugin in the middle of a deployment.
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`${reason instanceof Error ? reason.message : String(reason)}\n`);
  });
  const protocol = load();
  const { nativeProvider } = await import("./native-provider");
  const running = await listen(nativeProvider(), protocol);
  process.stdout.write(`${running.port}\n`);
  return running;
}
