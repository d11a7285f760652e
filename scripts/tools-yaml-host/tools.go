//go:build tools

// Records the Pulumi YAML language host's package as a dependency of this module, so
// that go.mod and go.sum pin everything `go build` needs to build it.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
