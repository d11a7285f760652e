// One member's email binding in Go, through the native plugin and the generated Go SDK. Email and phone are
// personal data: set them as secrets (`pulumi config set --secret email ...`).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/tencentcloud-member-email/pulumi-tencentcloud-member-email/sdk/go/tencentcloudmemberemail"
)

func main() {
	pulumi.Run(Bindings)
}

// Bindings declares the binding of the member `memberUin` (default 100000000001) to `email`, with the security
// phone `phone` in China (+86).
func Bindings(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	memberUin, err := cfg.TryInt("memberUin")
	if err != nil {
		memberUin = 100000000001
	}
	alice, err := tencentcloudmemberemail.NewOrganizationMemberEmail(ctx, "alice",
		&tencentcloudmemberemail.OrganizationMemberEmailArgs{
			MemberUin:   pulumi.Int(memberUin),
			Email:       cfg.RequireSecret("email"),
			CountryCode: pulumi.String("86"),
			Phone:       cfg.RequireSecret("phone"),
		})
	if err != nil {
		return err
	}
	ctx.Export("bindId", alice.BindId)
	ctx.Export("bindStatus", alice.BindStatus)
	return nil
}
