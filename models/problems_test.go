package models_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"paidee/models"
)

// No field problem is made without a machine code: the whole module's code
// (every package, tests aside) is type-checked, and the test fails on each
// call of the uncoded fallback FieldErrors.Add, each Problem written by
// hand without a Code, and each use of ProblemUncoded outside this
// package's own definitions. (The API tests check the answers as well: see
// checkProblemsCoded in server/api.)
func TestFieldProblems_AllCoded(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module")
	}
	pkgs := modulePackages(t)
	fset := token.NewFileSet()
	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, errors.New("no export data for " + path)
		}
		return os.Open(f)
	})
	checked := 0
	for _, p := range pkgs {
		if p.Standard || p.Module == nil || !p.Module.Main || len(p.GoFiles) == 0 {
			continue
		}
		var files []*ast.File
		for _, name := range slices.Concat(p.GoFiles, p.CgoFiles) {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
		conf := types.Config{Importer: imp, FakeImportC: true, Error: func(error) {}}
		if _, err := conf.Check(p.ImportPath, fset, files, info); err != nil && len(p.CgoFiles) == 0 {
			t.Fatalf("type-check %s: %v", p.ImportPath, err)
		}
		checked++
		for _, f := range files {
			file := fset.Position(f.Pos()).Filename
			own := p.ImportPath == "paidee/models" && (filepath.Base(file) == "errors.go" || filepath.Base(file) == "problems.go")
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if fn, ok := info.Uses[n.Sel].(*types.Func); ok && fn.FullName() == "(paidee/models.FieldErrors).Add" {
						t.Errorf("%s: FieldErrors.Add records a problem without a code: use fe.Problem(field, models.…)", fset.Position(n.Pos()))
					}
					if c, ok := info.Uses[n.Sel].(*types.Const); ok && c.Name() == "ProblemUncoded" && !own {
						t.Errorf("%s: ProblemUncoded is the fallback's code, not one to give", fset.Position(n.Pos()))
					}
				case *ast.CompositeLit:
					if tv, ok := info.Types[n]; ok && !own && types.TypeString(tv.Type, nil) == "paidee/models.Problem" && !hasKey(n, "Code") {
						t.Errorf("%s: a Problem without a Code: make it with a models function (models.TooLong, …)", fset.Position(n.Pos()))
					}
				}
				return true
			})
		}
	}
	if checked < 5 {
		t.Fatalf("only %d packages checked", checked)
	}
}

func hasKey(lit *ast.CompositeLit, key string) bool {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return true
			}
		}
	}
	return false
}

type listedPackage struct {
	ImportPath, Dir, Export string
	Standard                bool
	GoFiles, CgoFiles       []string
	Module                  *struct{ Main bool }
}

// modulePackages lists the module's packages and everything they import,
// with export data (built, or taken from the build cache, by go list).
func modulePackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Dir,Export,Standard,GoFiles,CgoFiles,Module", "./...")
	cmd.Dir = ".."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// Every problem the models make has a known code, and its English words.
func TestProblems_CodesAreKnown(t *testing.T) {
	for _, p := range []models.Problem{
		models.Required(), models.RequiredBecause("x"), models.OneRequired("a", "b"), models.TooLong(3),
		models.TooLongBytes(3), models.TooShort(3), models.TooMany(3), models.BadDate(), models.DateOrder("a"),
		models.OneOf("a"), models.NotOneOf("x", "a"), models.Taken(), models.BadPhone(6, 12), models.BadPhone(3, 0),
		models.BadURL(), models.BadEmail(), models.BadChars('<', "letters"), models.OtherScript('Д'),
		models.HiddenChars(), models.BadKey(2, 64), models.BadProvince("LA"), models.Imitates(1, "A-1"),
		models.NotFound("x"), models.Duplicate("x"), models.DuplicateLines([]int{2}), models.Deleted(),
		models.SameAsEmail(), models.LastAdmin(), models.BadMove("new", []string{"a"}), models.NeedsAgency(),
		models.NotExpiredYet("2030-01-01", "2026-01-01"), models.OutOfRange(1, 3), models.BadNumber(0),
		models.BadNumber(1), models.BadBool(), models.BadTime(), models.BadUTF8(), models.BadType("list"),
		models.UnknownField(), models.EmptyFile(), models.BadCSV("x"), models.UnknownColumn("x"),
		models.MissingColumn("x"),
	} {
		if !slices.Contains(models.ProblemCodes, p.Code) || p.Code == models.ProblemUncoded || strings.TrimSpace(p.Message) == "" {
			t.Errorf("%+v", p)
		}
	}
	fe := models.FieldErrors{}
	fe.Problem("a", models.Required())
	fe.Problem("a", models.TooLong(3))
	if fe["a"].Code != models.ProblemRequired {
		t.Errorf("the first problem of a field is kept: %+v", fe)
	}
}
