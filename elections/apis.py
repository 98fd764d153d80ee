from rest_framework import generics, serializers

from elections.models import Election, Section


class SectionOut(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = [
            "id", "name", "slug", "seats", "min_women", "freeze_date", "nomination_opens",
            "nomination_closes", "ballot_opens", "ballot_closes", "counting_method", "statement_word_limit",
        ]  # fmt: skip


class ElectionOut(serializers.ModelSerializer):
    sections = SectionOut(many=True, read_only=True)

    class Meta:
        model = Election
        fields = ["id", "name", "slug", "description", "sections"]


class ElectionList(generics.ListAPIView):
    """Elections and their sections, for any signed-in user."""

    serializer_class = ElectionOut
    queryset = Election.objects.prefetch_related("sections")
