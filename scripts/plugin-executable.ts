/**
 * The main module of the plugin as a single executable (`npm run package:plugin`, scripts/package-plugin.js):
 * esbuild bundles it, with everything it requires, into the one script Node.js's single-executable
 * application runs. It serves as bin/pulumi-resource-tencentcloud-member-email does, with the protocol's
 * modules taken from the bundle: the executable has no node_modules to resolve them from.
 * @packageDocumentation
 */
import type * as grpcApi from "@grpc/grpc-js";
import type * as structApi from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyApi from "google-protobuf/google/protobuf/empty_pb";
import type * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type * as providerServices from "@pulumi/pulumi/proto/provider_grpc_pb";
import { serve, type Protocol } from "../provider/plugin/server";

/**
 * The protocol's modules, required by name so that esbuild bundles them, and only when `serve` asks (after
 * it has set the engine's address for the runtime). scripts/package-plugin.js checks that the bundle holds
 * one grpc-js: the one the generated service requires.
 */
function bundledProtocol(): Protocol {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    grpc: require("@grpc/grpc-js") as typeof grpcApi,
    struct: require("google-protobuf/google/protobuf/struct_pb") as typeof structApi,
    empty: require("google-protobuf/google/protobuf/empty_pb") as typeof emptyApi,
    plugin: require("@pulumi/pulumi/proto/plugin_pb") as typeof pluginProto,
    provider: require("@pulumi/pulumi/proto/provider_pb") as typeof providerProto,
    services: require("@pulumi/pulumi/proto/provider_grpc_pb") as typeof providerServices,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

// A single-executable application's argv holds the executable twice (as node and as the script), then the
// engine's arguments, as a script's does.
serve(process.argv.slice(2), bundledProtocol).catch((error: unknown) => {
  process.stderr.write(
    `pulumi-resource-tencentcloud-member-email: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
