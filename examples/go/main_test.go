// The engine test of this example: its program, and variants of it with an imported binding and an explicit
// provider, run through the Automation API's inline source against emulators of the Tencent Cloud Organization
// API. test/engine/go-example.test.ts starts the emulators and runs `go test` here with the settings below;
// run on its own, it fails saying so.
package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/tencentcloud-member-email/pulumi-tencentcloud-member-email/sdk/go/tencentcloudmemberemail"
)

// settings is what the jest test hands over, by environment variable.
type settings struct {
	plugins, state                   string
	endpoint, secretID, secretKey    string
	otherEndpoint, otherID, otherKey string
	email, phone, newEmail, refusal  string
	importEmail, otherEmail          string
	otherPhone                       string
	importUin, otherUin              int
}

func read(t *testing.T) settings {
	t.Helper()
	value := func(name string) string {
		found, ok := os.LookupEnv(name)
		if !ok || found == "" {
			t.Fatalf("%s is not set: this test is run by `npx jest test/engine/go-example.test.ts`, "+
				"which starts the emulators it needs", name)
		}
		return found
	}
	number := func(name string) int {
		parsed, err := strconv.Atoi(value(name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return parsed
	}
	return settings{
		plugins: value("GO_EXAMPLE_PLUGIN_DIR"), state: value("GO_EXAMPLE_STATE_DIR"),
		endpoint: value("GO_EXAMPLE_ENDPOINT"), secretID: value("GO_EXAMPLE_SECRET_ID"),
		secretKey: value("GO_EXAMPLE_SECRET_KEY"), otherEndpoint: value("GO_EXAMPLE_OTHER_ENDPOINT"),
		otherID: value("GO_EXAMPLE_OTHER_SECRET_ID"), otherKey: value("GO_EXAMPLE_OTHER_SECRET_KEY"),
		email: value("GO_EXAMPLE_EMAIL"), phone: value("GO_EXAMPLE_PHONE"), newEmail: value("GO_EXAMPLE_NEW_EMAIL"),
		refusal: value("GO_EXAMPLE_REFUSAL"), importUin: number("GO_EXAMPLE_IMPORT_UIN"),
		importEmail: value("GO_EXAMPLE_IMPORT_EMAIL"), otherUin: number("GO_EXAMPLE_OTHER_UIN"),
		otherEmail: value("GO_EXAMPLE_OTHER_EMAIL"), otherPhone: value("GO_EXAMPLE_OTHER_PHONE"),
	}
}

// withMore is the example's program and, after it, an existing binding taken over with the import option and
// a binding of another organization under an explicit provider.
func withMore(s settings) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if err := Bindings(ctx); err != nil {
			return err
		}
		_, err := tencentcloudmemberemail.NewOrganizationMemberEmail(ctx, "carol",
			&tencentcloudmemberemail.OrganizationMemberEmailArgs{
				MemberUin:   pulumi.Int(s.importUin),
				Email:       pulumi.String(s.importEmail),
				CountryCode: pulumi.String("86"),
			}, pulumi.Import(pulumi.ID(strconv.Itoa(s.importUin))))
		if err != nil {
			return err
		}
		cfg := config.New(ctx, "")
		other, err := tencentcloudmemberemail.NewProvider(ctx, "other-organization", &tencentcloudmemberemail.ProviderArgs{
			OrganizationEndpoint: pulumi.String(s.otherEndpoint),
			SecretId:             pulumi.String(s.otherID),
			SecretKey:            cfg.RequireSecret("otherSecretKey"),
		})
		if err != nil {
			return err
		}
		_, err = tencentcloudmemberemail.NewOrganizationMemberEmail(ctx, "dave",
			&tencentcloudmemberemail.OrganizationMemberEmailArgs{
				MemberUin:   pulumi.Int(s.otherUin),
				Email:       cfg.RequireSecret("otherEmail"),
				CountryCode: pulumi.String("86"),
				Phone:       cfg.RequireSecret("otherPhone"),
			}, pulumi.Provider(other))
		return err
	}
}

func TestExample(t *testing.T) {
	s := read(t)
	ctx := context.Background()
	project := workspace.Project{
		Name:    tokens.PackageName("member-email-go"),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Backend: &workspace.ProjectBackend{URL: "file://" + s.state},
		Plugins: &workspace.Plugins{Providers: []workspace.PluginOptions{
			{Name: "tencentcloud-member-email", Path: s.plugins},
		}},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "member-email-go", Bindings,
		auto.Project(project), auto.SecretsProvider("passphrase"))
	if err != nil {
		t.Fatalf("creating the stack: %v", err)
	}
	configs := auto.ConfigMap{
		"tencentcloud-member-email:organizationEndpoint": {Value: s.endpoint},
		"tencentcloud-member-email:secretId":             {Value: s.secretID, Secret: true},
		"tencentcloud-member-email:secretKey":            {Value: s.secretKey, Secret: true},
		"email":                                          {Value: s.email, Secret: true},
		"phone":                                          {Value: s.phone, Secret: true},
		"otherSecretKey":                                 {Value: s.otherKey, Secret: true},
		"otherEmail":                                     {Value: s.otherEmail, Secret: true},
		"otherPhone":                                     {Value: s.otherPhone, Secret: true},
	}
	if err := stack.SetAllConfig(ctx, configs); err != nil {
		t.Fatalf("setting the config: %v", err)
	}

	t.Run("up creates the binding", func(t *testing.T) {
		result, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
		if err != nil {
			t.Fatalf("up: %v", err)
		}
		if created := (*result.Summary.ResourceChanges)["create"]; created != 2 {
			t.Errorf("created %d resources, want 2 (the stack and the binding)", created)
		}
		bindID, ok := result.Outputs["bindId"].Value.(float64)
		if !ok || bindID <= 0 {
			t.Errorf("bindId = %v, want the BindId the API returned", result.Outputs["bindId"].Value)
		}
		if status := result.Outputs["bindStatus"].Value; status != "Valid" {
			t.Errorf("bindStatus = %v, want Valid", status)
		}
	})

	t.Run("preview shows no changes", func(t *testing.T) {
		if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges()); err != nil {
			t.Fatalf("preview --expect-no-changes: %v", err)
		}
	})

	t.Run("an email change is refused at preview with the TypeScript resource's message", func(t *testing.T) {
		if err := stack.SetConfig(ctx, "email", auto.ConfigValue{Value: s.newEmail, Secret: true}); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := stack.SetConfig(ctx, "email", auto.ConfigValue{Value: s.email, Secret: true}); err != nil {
				t.Fatal(err)
			}
		}()
		_, err := stack.Preview(ctx)
		if err == nil {
			t.Fatal("the preview passed; it should refuse the email change")
		}
		if !strings.Contains(err.Error(), s.refusal) {
			t.Errorf("the preview failed without %q:\n%v", s.refusal, err)
		}
		if strings.Contains(err.Error(), s.newEmail) {
			t.Errorf("the refusal shows the new email in plain text:\n%v", err)
		}
	})

	t.Run("an existing binding is imported and another organization's bound through an explicit provider", func(t *testing.T) {
		stack.Workspace().SetProgram(withMore(s))
		result, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
		if err != nil {
			t.Fatalf("up: %v", err)
		}
		changes := *result.Summary.ResourceChanges
		if changes["import"] != 1 || changes["create"] != 2 {
			t.Errorf("changes %v, want carol imported, the explicit provider and dave created", changes)
		}
		if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges()); err != nil {
			t.Fatalf("preview --expect-no-changes after the import: %v", err)
		}
	})

	t.Run("the state holds no email, phone or key in plain text", func(t *testing.T) {
		// The Automation API's Export shows secrets (--show-secrets): read the state as `pulumi stack export` does.
		command := exec.Command("pulumi", "stack", "export", "--stack", "dev")
		command.Dir = stack.Workspace().WorkDir()
		command.Env = append(os.Environ(), "PULUMI_BACKEND_URL=file://"+s.state)
		exported, err := command.Output()
		if err != nil {
			t.Fatalf("pulumi stack export: %v", err)
		}
		if !strings.Contains(string(exported), `"type": "tencentcloud-member-email:index:OrganizationMemberEmail"`) {
			t.Fatalf("the export holds no binding:\n%s", exported)
		}
		for _, plain := range []string{s.email, s.phone, s.importEmail, s.otherEmail, s.otherPhone, s.secretKey, s.otherKey} {
			if strings.Contains(string(exported), plain) {
				t.Errorf("the state holds %q in plain text", plain)
			}
		}
	})

	t.Run("destroy removes the bindings from the stack", func(t *testing.T) {
		result, err := stack.Destroy(ctx)
		if err != nil {
			t.Fatalf("destroy: %v", err)
		}
		if deleted := (*result.Summary.ResourceChanges)["delete"]; deleted != 5 {
			t.Errorf("deleted %d resources, want 5 (3 bindings, the explicit provider, the stack)", deleted)
		}
		if err := stack.Workspace().RemoveStack(ctx, "dev"); err != nil {
			t.Errorf("removing the stack: %v", err)
		}
		if _, err := os.Stat(filepath.Join(s.state, ".pulumi")); err != nil {
			t.Errorf("the state folder: %v", err)
		}
	})
}
