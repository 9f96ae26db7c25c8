package api

import (
	"bufio"
	"errors"
	"mime"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// idParam reads the :id path parameter as a positive number.
func idParam(c *fiber.Ctx) (uint, error) {
	id, err := strconv.ParseUint(c.Params("id"), 10, 32)
	if err != nil || id == 0 {
		return 0, badRequest("id", models.BadNumber(1))
	}
	return uint(id), nil
}

func (h *handlers) createAgency(c *fiber.Ctx) error {
	var in models.AgencyCreate
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.CreateAgency(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (h *handlers) patchAgency(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var p models.AgencyPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	v, err := h.store.PatchAgency(c.UserContext(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) deleteAgency(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var d models.AgencyDelete
	if err := decodeJSON(c, &d); err != nil {
		return err
	}
	if err := h.store.DeleteAgency(c.UserContext(), actor(c), id, d); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *handlers) deletedAgencies(c *fiber.Ctx) error {
	limit, offset, err := consolePage(c)
	if err != nil {
		return err
	}
	page, err := h.store.DeletedAgencies(c.UserContext(), limit, offset)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (h *handlers) restoreAgency(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var r models.AgencyRestore
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	v, err := h.store.RestoreAgency(c.UserContext(), actor(c), id, r)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) agencyHistory(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return h.auditPage(c, models.AuditQuery{Entity: models.EntityAgency, EntityID: id})
}

func (h *handlers) listAudit(c *fiber.Ctx) error {
	entity := c.Query("entity")
	if entity != "" && !slices.Contains(models.AuditEntities, entity) {
		return badRequest("entity", models.OneOf(models.AuditEntities...))
	}
	return h.auditPage(c, models.AuditQuery{Entity: entity})
}

// auditPage answers one page of audit entries matching q (limit, offset
// from the query string).
func (h *handlers) auditPage(c *fiber.Ctx, q models.AuditQuery) error {
	var err error
	if q.Limit, q.Offset, err = consolePage(c); err != nil {
		return err
	}
	page, err := h.store.ListAudit(c.UserContext(), q)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (h *handlers) dashboard(c *fiber.Ctx) error {
	d, err := h.store.Dashboard(c.UserContext(), h.now())
	if err != nil {
		return err
	}
	d.Integrity = h.integrityState()
	return c.JSON(d)
}

// importAgencies takes the CSV file as the body. dry_run=true (the default)
// reports what would change; dry_run=false applies it all in one
// transaction, or nothing when any row is invalid (422 with the same
// report).
func (h *handlers) importAgencies(c *fiber.Ctx) error {
	mt, _, err := mime.ParseMediaType(string(c.Request().Header.ContentType()))
	if err != nil || (mt != "text/csv" && mt != "application/csv") {
		return &models.Error{Code: models.ECodeUnsupported, Message: "send the file as the body with Content-Type: text/csv"}
	}
	dry := true
	switch c.Query("dry_run") {
	case "", "true", "1":
	case "false", "0":
		dry = false
	default:
		return badRequest("dry_run", models.BadBool())
	}
	rep, err := h.store.ImportAgencies(c.UserContext(), actor(c), c.Body(), dry)
	var me *models.Error
	if rep != nil && errors.As(err, &me) && me.Code == models.ECodeInvalid {
		// The report goes with the error, so the console can show which
		// lines to fix.
		return &models.Error{Code: me.Code, Message: me.Message, Fields: me.Fields, Beside: rep}
	}
	var pr *models.Proposed
	if errors.As(err, &pr) {
		// Rows that make listings look safer: the whole file waits for a
		// second person, and nothing of it is applied yet.
		return c.Status(fiber.StatusAccepted).JSON(proposedImportAnswer{Proposal: pr.Proposal, Report: rep})
	}
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

// exportAgencies writes the list in the import's CSV format.
func (h *handlers) exportAgencies(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="agencies-`+models.Today(h.now())+`.csv"`)
	w := bufio.NewWriter(c.Response().BodyWriter())
	if err := h.store.ExportAgencies(c.UserContext(), w); err != nil {
		return err
	}
	return w.Flush()
}

func (h *handlers) now() time.Time { return h.clock() }
