package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/tencentcloud-member-email/pulumi-tencentcloud-member-email/sdk/go/tencentcloudmemberemail"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		alice, err := tencentcloudmemberemail.NewOrganizationMemberEmail(ctx, "alice", &tencentcloudmemberemail.OrganizationMemberEmailArgs{
			MemberUin:   pulumi.Int(100000000001),
			Email:       cfg.RequireSecret("email"),
			CountryCode: pulumi.String("86"),
			Phone:       cfg.RequireSecret("phone"),
		})
		if err != nil {
			return err
		}
		ctx.Export("bindId", alice.BindId)
		return nil
	})
}
