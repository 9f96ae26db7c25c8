// Command dbcount prints what the browser tests need to know about the
// reports stored in a Pai Dee Ma Dee SQLite database, as one JSON line:
//
//	{"reports": 1, "receipts": ["ACDE-FGHJ"]}
//
// It opens the file read-only, so it can run beside the server (WAL mode).
// Usage: dbcount -db /path/to/paidee.db
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

func main() {
	path := flag.String("db", "", "the SQLite database file (paidee.db in the server's data directory)")
	flag.Parse()
	if *path == "" {
		fmt.Fprintln(os.Stderr, "dbcount: -db is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*path); err != nil {
		fmt.Fprintln(os.Stderr, "dbcount:", err)
		os.Exit(1)
	}
	dsn := "file:" + *path + "?mode=ro&_busy_timeout=5000"
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dbcount: open:", err)
		os.Exit(1)
	}
	var out struct {
		Reports  int64    `json:"reports"`
		Receipts []string `json:"receipts"`
	}
	if err := db.Raw("SELECT count(*) FROM reports").Scan(&out.Reports).Error; err != nil {
		fmt.Fprintln(os.Stderr, "dbcount: count:", err)
		os.Exit(1)
	}
	if err := db.Raw("SELECT receipt FROM reports ORDER BY id").Scan(&out.Receipts).Error; err != nil {
		fmt.Fprintln(os.Stderr, "dbcount: receipts:", err)
		os.Exit(1)
	}
	if out.Receipts == nil {
		out.Receipts = []string{}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "dbcount:", err)
		os.Exit(1)
	}
}
