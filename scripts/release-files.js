// @ts-check
/**
 * The files a release publishes, by name: what `npm run release` writes into dist/release/ and what the release
 * workflow uploads. One list, so that the two cannot drift apart.
 */
"use strict";

/** The platforms the plugin is built for, as Pulumi names them in a plugin archive's name (`<os>-<arch>`). */
const PLUGIN_PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"];

/** The plugin's executable name, as the engine looks for it (`.exe` added on Windows). */
const PLUGIN_EXECUTABLE = "pulumi-resource-tencentcloud-member-email";

/**
 * The name of the plugin's archive for `platform`, the name `pulumi plugin install` and the engine's download
 * from `pluginDownloadURL` expect.
 * @param {string} version the release's version, such as `0.2.0`
 * @param {string} platform one of PLUGIN_PLATFORMS
 */
function pluginArchiveName(version, platform) {
  return `${PLUGIN_EXECUTABLE}-v${version}-${platform}.tar.gz`;
}

/**
 * Every file of a release, sorted: the plugin's archives, the npm tarballs (the provider, the emulator, the
 * Node.js SDK), the Python SDK's sdist and wheel, the third-party notices and the checksums of all of them.
 * @param {string} version the release's version, such as `0.2.0`
 * @returns {string[]}
 */
function releaseFileNames(version) {
  return [
    ...PLUGIN_PLATFORMS.map((platform) => pluginArchiveName(version, platform)),
    `pulumi-tencentcloud-member-email-${version}.tgz`,
    `tencentcloud-organization-emulator-${version}.tgz`,
    `tencentcloud-member-email-sdk-${version}.tgz`,
    `pulumi_tencentcloud_member_email-${version}.tar.gz`,
    `pulumi_tencentcloud_member_email-${version}-py3-none-any.whl`,
    "THIRD-PARTY-NOTICES.txt",
    "checksums.txt",
  ].sort();
}

module.exports = { PLUGIN_EXECUTABLE, PLUGIN_PLATFORMS, pluginArchiveName, releaseFileNames };
