import pulumi
import pulumi_tencentcloud_member_email as member_email

config = pulumi.Config()
alice = member_email.OrganizationMemberEmail(
    "alice",
    member_uin=100000000001,
    email=config.require_secret("email"),
    country_code="86",
    phone=config.require_secret("phone"),
)

pulumi.export("bindId", alice.bind_id)
