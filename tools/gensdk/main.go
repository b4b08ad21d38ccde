// Command gensdk generates this provider's Python, Node.js and Go SDKs from schema.json
// with the code generators of github.com/pulumi/pulumi/pkg/v3, the ones today's
// `pulumi package gen-sdk` runs inside each language host. The Go module proxy reachable
// here does not serve today's language hosts, so scripts/ensure-pulumi.sh builds this
// small driver against the same pkg/v3 as the CLI instead (see scripts/gen-sdk.sh).
//
// Usage: gensdk <schema.json> <out-dir> <python|nodejs|go>...
//
// The tool names passed to the generators are the hosts' own, so the generated files are
// the ones `pulumi package gen-sdk` of the same pkg/v3 writes.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: gensdk <schema.json> <out-dir> <python|nodejs|go>...")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3:]); err != nil {
		fmt.Fprintln(os.Stderr, "gensdk:", err)
		os.Exit(1)
	}
}

// bind reads and binds the schema; it references no other package, so the loader (which
// would start plugins) is never asked for one.
func bind(path string) (*schema.Package, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewPluginLoader(nil), schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %v", path, diags)
	}
	return pkg, nil
}

func run(schemaPath, out string, langs []string) error {
	for _, lang := range langs {
		// Each generator records its own language info on the package: bind afresh.
		pkg, err := bind(schemaPath)
		if err != nil {
			return err
		}
		var files map[string][]byte
		switch lang {
		case "python":
			files, err = python.GeneratePackage("pulumi-language-python", pkg, nil, nil)
		case "nodejs":
			files, err = nodejs.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, false, nil)
		case "go":
			files, err = gogen.GeneratePackage("pulumi-language-go", pkg, nil)
		default:
			return fmt.Errorf("unknown language %q (python, nodejs or go)", lang)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		root := filepath.Join(out, lang)
		if err := os.RemoveAll(root); err != nil {
			return err
		}
		for name, data := range files {
			p := filepath.Join(root, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
