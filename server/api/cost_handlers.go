package api

import (
	"github.com/gofiber/fiber/v2"
)

// Cost items: listed publicly, edited by admins like the other content.

func (h *handlers) listCostItems(c *fiber.Ctx) error {
	list, err := h.store.ListCostItems(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list, "total": len(list)})
}

func (h *handlers) createCostItem(c *fiber.Ctx) error { return createContent(c, h.store.SaveCostItem) }
func (h *handlers) patchCostItem(c *fiber.Ctx) error {
	return patchContent(c, h.store.CostItemByID, h.store.SaveCostItem)
}
func (h *handlers) deleteCostItem(c *fiber.Ctx) error {
	return deleteContent(c, h.store.DeleteCostItem)
}
