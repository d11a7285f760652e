// Manage Tencent Cloud Organization members' email bindings as code: the native provider of pulumi-tencentcloud-member-email, for Pulumi YAML, every other Pulumi language and `pulumi import`.
package tencentcloudmemberemail
