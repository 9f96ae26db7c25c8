package api

import (
	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// statusReasons lists the standard sentences a licence status change starts
// with, for the console to offer by transition.
func (h *handlers) statusReasons(c *fiber.Ctx) error {
	return c.JSON(listOf[models.StatusReason]{Items: models.StatusReasons, Total: len(models.StatusReasons)})
}
