package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// Proposals: changes that make a listing look safer, waiting for a second
// verifier or admin.

func (h *handlers) listProposals(c *fiber.Ctx) error {
	q := models.ProposalQuery{Status: c.Query("status")}
	if q.Status != "" && !contains(models.ProposalStatuses, q.Status) {
		return badRequest("status", models.OneOf(models.ProposalStatuses...))
	}
	if s := c.Query("agency_id"); s != "" {
		id, err := strconv.ParseUint(s, 10, 32)
		if err != nil || id == 0 {
			return badRequest("agency_id", models.BadNumber(1))
		}
		q.Entity, q.EntityID = models.EntityAgency, uint(id)
	}
	var err error
	if q.Limit, err = intQuery(c, "limit", 50, 1, maxLimit); err != nil {
		return err
	}
	if q.Offset, err = intQuery(c, "offset", 0, 0, maxOffset); err != nil {
		return err
	}
	page, err := h.store.ListProposals(c.UserContext(), q)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func proposalID(c *fiber.Ctx) (uint, error) {
	id, err := strconv.ParseUint(c.Params("id"), 10, 32)
	if err != nil || id == 0 {
		return 0, badRequest("id", models.BadNumber(1))
	}
	return uint(id), nil
}

func (h *handlers) getProposal(c *fiber.Ctx) error {
	id, err := proposalID(c)
	if err != nil {
		return err
	}
	p, err := h.store.GetProposal(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (h *handlers) approveProposal(c *fiber.Ctx) error {
	id, err := proposalID(c)
	if err != nil {
		return err
	}
	p, err := h.store.ApproveProposal(c.UserContext(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (h *handlers) rejectProposal(c *fiber.Ctx) error {
	id, err := proposalID(c)
	if err != nil {
		return err
	}
	var in rejectRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p, err := h.store.RejectProposal(c.UserContext(), actor(c), id, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(p)
}
