package api

import (
	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// Content editing (admin). POST takes the whole record; PATCH decodes the
// body onto the current record, so fields left out keep their value (in a
// multilingual field, languages left out too).

func (h *handlers) createContact(c *fiber.Ctx) error {
	var in models.ContactInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SaveContact(c.UserContext(), actor(c), 0, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (h *handlers) patchContact(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cur, err := h.store.ContactByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	in := cur.Input()
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SaveContact(c.UserContext(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) deleteContact(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteContact(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *handlers) createItem(c *fiber.Ctx) error {
	var in models.ItemInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SaveItem(c.UserContext(), actor(c), 0, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (h *handlers) patchItem(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cur, err := h.store.ItemByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	in := cur.Input()
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SaveItem(c.UserContext(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) deleteItem(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteItem(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *handlers) createQuestion(c *fiber.Ctx) error {
	var in models.QuestionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SaveQuestion(c.UserContext(), actor(c), 0, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (h *handlers) patchQuestion(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cur, err := h.store.QuestionByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	in := cur.Input()
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SaveQuestion(c.UserContext(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) deleteQuestion(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := h.store.DeleteQuestion(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *handlers) createPhrase(c *fiber.Ctx) error {
	var in models.PhraseInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SavePhrase(c.UserContext(), actor(c), 0, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (h *handlers) patchPhrase(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cur, err := h.store.PhraseByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	in := cur.Input()
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.store.SavePhrase(c.UserContext(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *handlers) deletePhrase(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if err := h.store.DeletePhrase(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
