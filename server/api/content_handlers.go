package api

import (
	"context"
	"math"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// Content editing (admin): contacts, checklist items, questions, phrases.
// POST takes the whole record; PATCH decodes the body onto the current
// record, so fields left out keep their value (in a multilingual field,
// languages left out too), and must carry the revision it was based on.

type (
	saveFunc[In, V any] func(ctx context.Context, who models.Actor, id uint, in In) (V, error)
	deleteFunc          func(ctx context.Context, who models.Actor, id uint, based models.BasedOn) error
)

func createContent[In, V any](c *fiber.Ctx, save saveFunc[In, V]) error {
	var in In
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := save(c.UserContext(), actor(c), 0, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func patchContent[In, V any, R interface{ Input() In }](c *fiber.Ctx, byID func(context.Context, uint) (R, error), save saveFunc[In, V]) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cur, err := byID(c.UserContext(), id)
	if err != nil {
		return err
	}
	in := cur.Input()
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := save(c.UserContext(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// revisionQuery reads the optional ?revision=N (0 to 2^31-1) of a write:
// the revision the admin saw, which the store refuses with 409 if the
// record has changed since. nil when it is not given.
func revisionQuery(c *fiber.Ctx) (*int64, error) {
	if c.Query("revision") == "" {
		return nil, nil
	}
	rev, err := intQuery(c, "revision", 0, 0, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	r := int64(rev)
	return &r, nil
}

// deleteContent takes an optional ?revision=N: the revision the admin saw,
// refused with 409 if the record has changed since.
func deleteContent(c *fiber.Ctx, del deleteFunc) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	rev, err := revisionQuery(c)
	if err != nil {
		return err
	}
	if err := del(c.UserContext(), actor(c), id, models.BasedOn{Revision: rev}); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *handlers) createContact(c *fiber.Ctx) error { return createContent(c, h.store.SaveContact) }
func (h *handlers) patchContact(c *fiber.Ctx) error {
	return patchContent(c, h.store.ContactByID, h.store.SaveContact)
}
func (h *handlers) deleteContact(c *fiber.Ctx) error { return deleteContent(c, h.store.DeleteContact) }

func (h *handlers) createItem(c *fiber.Ctx) error { return createContent(c, h.store.SaveItem) }
func (h *handlers) patchItem(c *fiber.Ctx) error {
	return patchContent(c, h.store.ItemByID, h.store.SaveItem)
}
func (h *handlers) deleteItem(c *fiber.Ctx) error { return deleteContent(c, h.store.DeleteItem) }

func (h *handlers) createQuestion(c *fiber.Ctx) error { return createContent(c, h.store.SaveQuestion) }
func (h *handlers) patchQuestion(c *fiber.Ctx) error {
	return patchContent(c, h.store.QuestionByID, h.store.SaveQuestion)
}
func (h *handlers) deleteQuestion(c *fiber.Ctx) error {
	return deleteContent(c, h.store.DeleteQuestion)
}

func (h *handlers) createPhrase(c *fiber.Ctx) error { return createContent(c, h.store.SavePhrase) }
func (h *handlers) patchPhrase(c *fiber.Ctx) error {
	return patchContent(c, h.store.PhraseByID, h.store.SavePhrase)
}
func (h *handlers) deletePhrase(c *fiber.Ctx) error { return deleteContent(c, h.store.DeletePhrase) }
