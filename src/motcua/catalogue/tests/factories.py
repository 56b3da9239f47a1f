import factory

from motcua.catalogue.models import Agency, Field


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"000.00.{n:02d}.T01")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    level = Agency.Level.DEPARTMENT


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LV{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


def national_record(code: str, name: str, **overrides) -> dict:
    """A minimal valid record in the national procedure format."""
    record = {
        "MaTTHC": code,
        "TENTTHC": name,
        "COQUANTHUCHIEN": [{"MADONVI": "000.00.16.H34", "TENDONVI": "Sở Nông nghiệp và Phát triển nông thôn"}],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "CN", "TENLINHVUC": "Chăn nuôi"}],
        "MucDo": "TOANTRINH",
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": 2,
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": 5,
                        "DONVITINH": "Ngày làm việc",
                        "MOTA": "",
                        "PHILEPHI": [{"MAPHILEPHI": "LEPHI", "SOTIEN": 50000, "MOTA": "Lệ phí"}],
                    }
                ],
            }
        ],
        "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": [{"TENGIAYTO": "Đơn đề nghị", "SOBANCHINH": 1, "SOBANSAO": 0}]}],
    }
    record.update(overrides)
    return record
