"""Trivia's Discord side: the answer buttons, the add-question form, the renderers and the presenter."""
