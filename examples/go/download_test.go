// The example's program as a user of a release runs it: no plugins path in the project, so the engine downloads
// the plugin from the SDK's pluginDownloadURL into an empty PULUMI_HOME, then up, preview with no changes and
// destroy. test/engine/plugin-download.test.ts serves the release from a local server (by the CLI's
// PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES), starts the emulator and runs `go test -run ^TestDownloadedPlugin$` here;
// run on its own, it fails saying so.
package main

import (
	"context"
	"os"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// setting is the value of an environment variable the jest test sets; the test fails without it.
func setting(t *testing.T, name string) string {
	t.Helper()
	value, ok := os.LookupEnv(name)
	if !ok || value == "" {
		t.Fatalf("%s is not set: this test is run by `npx jest test/engine/plugin-download.test.ts`, "+
			"which serves the plugin's release and starts the emulator", name)
	}
	return value
}

func TestDownloadedPlugin(t *testing.T) {
	state := setting(t, "GO_EXAMPLE_STATE_DIR")
	email := setting(t, "GO_EXAMPLE_EMAIL")
	phone := setting(t, "GO_EXAMPLE_PHONE")
	memberUin := setting(t, "GO_EXAMPLE_MEMBER_UIN")
	// The credentials and the endpoint reach the plugin through the environment, as in CI.
	setting(t, "TENCENTCLOUD_ORGANIZATION_ENDPOINT")
	ctx := context.Background()
	// No Plugins: the engine finds no plugin, and installs the version the SDK names from the URL it names.
	project := workspace.Project{
		Name:    tokens.PackageName("member-email-go-download"),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Backend: &workspace.ProjectBackend{URL: "file://" + state},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "member-email-go-download", Bindings,
		auto.Project(project), auto.SecretsProvider("passphrase"))
	if err != nil {
		t.Fatalf("creating the stack: %v", err)
	}
	configs := auto.ConfigMap{
		"memberUin": {Value: memberUin},
		"email":     {Value: email, Secret: true},
		"phone":     {Value: phone, Secret: true},
	}
	if err := stack.SetAllConfig(ctx, configs); err != nil {
		t.Fatalf("setting the config: %v", err)
	}

	t.Run("up downloads the plugin and creates the binding", func(t *testing.T) {
		result, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
		if err != nil {
			t.Fatalf("up: %v", err)
		}
		if created := (*result.Summary.ResourceChanges)["create"]; created != 2 {
			t.Errorf("created %d resources, want 2 (the stack and the binding)", created)
		}
	})

	t.Run("preview shows no changes", func(t *testing.T) {
		if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges()); err != nil {
			t.Fatalf("preview --expect-no-changes: %v", err)
		}
	})

	t.Run("destroy removes the binding from the stack", func(t *testing.T) {
		result, err := stack.Destroy(ctx)
		if err != nil {
			t.Fatalf("destroy: %v", err)
		}
		if deleted := (*result.Summary.ResourceChanges)["delete"]; deleted != 2 {
			t.Errorf("deleted %d resources, want 2 (the binding and the stack)", deleted)
		}
		if err := stack.Workspace().RemoveStack(ctx, "dev"); err != nil {
			t.Errorf("removing the stack: %v", err)
		}
	})
}
