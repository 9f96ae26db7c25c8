package api

import (
	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

func (h *handlers) listUsers(c *fiber.Ctx) error {
	list, err := h.store.ListUsers(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list, "total": len(list)})
}

func (h *handlers) createUser(c *fiber.Ctx) error {
	var in models.UserCreate
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u, err := h.store.CreateUser(c.UserContext(), actor(c), in, h.passwords)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(u)
}

// patchUser changes name, role, active or password. Changing the role,
// deactivating or resetting the password ends the user's sessions.
func (h *handlers) patchUser(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	var p models.UserPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	u, err := h.store.PatchUser(c.UserContext(), actor(c), id, p, h.passwords)
	if err != nil {
		return err
	}
	return c.JSON(u)
}
