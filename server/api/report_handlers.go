package api

import (
	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

func (h *handlers) listReports(c *fiber.Ctx) error {
	q := models.ReportQuery{Status: c.Query("status")}
	if q.Status != "" && !contains(models.ReportStatuses, q.Status) {
		return badRequest("status", models.OneOf(models.ReportStatuses...))
	}
	var err error
	if q.Limit, q.Offset, err = consolePage(c); err != nil {
		return err
	}
	page, err := h.store.ListReports(c.UserContext(), q)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (h *handlers) getReport(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := h.store.GetReport(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (h *handlers) patchReport(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var p models.ReportPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	r, err := h.store.TriageReport(c.UserContext(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
